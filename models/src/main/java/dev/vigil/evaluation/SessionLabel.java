package dev.vigil.evaluation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of labels.jsonl: the ground truth of a session.
 *
 * @param kind compromise, attempt (a failed credential attempt), abuse, or null when benign
 * @param attackerEventIds attacker (or abusive) events in order; empty when benign
 * @param attackerEventTimes their times, epoch ms, parallel to the ids
 * @param warmup the session started in the simulator's warm-up (history before the evaluated
 *     window) and was never attacked: it is left out of every metric
 * @param decisionId an analyst's label on one RiskDecision (null for the simulator's labels); the
 *     session id is then null until {@link LabelJoin} resolves it from the decisions
 * @param analyst who gave the verdict; null for the simulator's labels
 * @param note the analyst's note, or null
 */
public record SessionLabel(
    String sessionId,
    String userId,
    String population,
    String label,
    String kind,
    String hardCase,
    String takeoverEventId,
    Long takeoverTime,
    String lastAttackerEventId,
    Long lastAttackerTime,
    int attackerRequests,
    List<String> attackerEventIds,
    long[] attackerEventTimes,
    boolean warmup,
    String decisionId,
    String analyst,
    String note) {

  public static final String BENIGN = "benign";

  /** A simulator label (no decision id, analyst or note). */
  public SessionLabel(
      String sessionId,
      String userId,
      String population,
      String label,
      String kind,
      String hardCase,
      String takeoverEventId,
      Long takeoverTime,
      String lastAttackerEventId,
      Long lastAttackerTime,
      int attackerRequests,
      List<String> attackerEventIds,
      long[] attackerEventTimes,
      boolean warmup) {
    this(
        sessionId,
        userId,
        population,
        label,
        kind,
        hardCase,
        takeoverEventId,
        takeoverTime,
        lastAttackerEventId,
        lastAttackerTime,
        attackerRequests,
        attackerEventIds,
        attackerEventTimes,
        warmup,
        null,
        null,
        null);
  }

  /** A benign session's label: no attacker events; {@code hardCase} may be null. */
  public static SessionLabel benign(
      String sessionId, String userId, String population, String hardCase, boolean warmup) {
    return new SessionLabel(
        sessionId,
        userId,
        population,
        BENIGN,
        null,
        hardCase,
        null,
        null,
        null,
        null,
        0,
        List.of(),
        new long[0],
        warmup);
  }

  /** An analyst's verdict: no attacker events are known, only the verdict. */
  public boolean fromAnalyst() {
    return analyst != null;
  }

  /** The id an analyst gave: the session id, or the decision id when only that was given. */
  public String labelledId() {
    return sessionId != null ? sessionId : decisionId;
  }

  /** This label with its session id resolved (from the decision the analyst labelled). */
  public SessionLabel withSessionId(String resolved) {
    return new SessionLabel(
        resolved,
        userId,
        population,
        label,
        kind,
        hardCase,
        takeoverEventId,
        takeoverTime,
        lastAttackerEventId,
        lastAttackerTime,
        attackerRequests,
        attackerEventIds,
        attackerEventTimes,
        warmup,
        decisionId,
        analyst,
        note);
  }

  public boolean benign() {
    return BENIGN.equals(label);
  }

  /** An attacker held the session (kind compromise). */
  public boolean compromised() {
    return "compromise".equals(kind);
  }

  public boolean attempt() {
    return "attempt".equals(kind);
  }

  public boolean abuse() {
    return "abuse".equals(kind);
  }

  /** Maps attacker event id to its 1-based ordinal among the attacker's requests. */
  Map<String, Integer> attackerOrdinals() {
    Map<String, Integer> m = new HashMap<>(attackerEventIds.size() * 2);
    for (int i = 0; i < attackerEventIds.size(); i++) {
      m.put(attackerEventIds.get(i), i + 1);
    }
    return m;
  }

  /** Attacker requests at or before {@code timeMs}. */
  int attackerRequestsUpTo(long timeMs) {
    int n = 0;
    for (long t : attackerEventTimes) {
      if (t <= timeMs) {
        n++;
      }
    }
    return n;
  }
}
