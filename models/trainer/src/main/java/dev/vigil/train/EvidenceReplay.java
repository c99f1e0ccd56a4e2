package dev.vigil.train;

import dev.vigil.core.engine.Scored;
import dev.vigil.core.engine.SessionRiskEngine;
import dev.vigil.core.evidence.EventFeatures;
import dev.vigil.core.evidence.EvidenceBuffer;
import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.PopulationPrior;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.sketch.Hashing;
import dev.vigil.evaluation.SessionLabel;
import dev.vigil.injection.AttackInjector.Injected;
import dev.vigil.injection.InjectedTraffic;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.CommandAction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays the history with the injected attacks merged in time order through {@link
 * SessionRiskEngine}, as {@code dev.vigil.evaluation.Backtest} does (one profile per account, one
 * state per session, one population prior), and sums each session's evidence terms per {@link
 * EvidenceCode}: the evidence vector the combination is fitted on. The vector is taken at the
 * session's last event, or at the attacker's last request for an attacked session (after it the
 * owner's own requests, or nothing, follow).
 *
 * <p>The base model is replayed without its own combination (weights 1, identity map), so the
 * vectors hold the raw terms. The injected events are merged as {@link InjectedTraffic} does.
 * Memory: the engine's states (bounded per account and session) plus one vector of {@code
 * EvidenceCode} doubles per session; the history is streamed.
 */
final class EvidenceReplay {
  static final int CODES = EvidenceCode.values().length;

  /** One session's evidence vector and label. */
  static final class SessionRow {
    final String id;
    final long first;

    /**
     * The vector fitted on: per code, the sum of the session's positive terms up to its highest
     * log-odds (benign) or up to the attacker's last request (attacked). Negative terms are left
     * out: the filter clamps the log-odds at {@code -maxAbsLogOdds}, a few nats under the prior, so
     * familiarity saturates in the engine while in a sum over a long session it grows without bound
     * and would let a fit buy likelihood that no decision sees.
     */
    final double[] llr = new double[CODES];

    /** The running positive sums behind {@link #llr}. */
    final double[] running = new double[CODES];

    /** The highest log-odds so far. */
    double peakLogOdds = Double.NEGATIVE_INFINITY;

    /** The session's evidence for {@link DecisionSearch}; null unless the replay traces it. */
    SessionTrace trace;

    /** The filter's log-odds at the same point as the vector. */
    double logOdds;

    boolean automated;
    long events;
    long signed;
    boolean attacked;
    boolean excluded;
    boolean frozen;
    String freezeAt;

    /** The replayed model killed the session (at any point). */
    boolean killed;

    /** The replayed model stepped up, held or killed the session (at any point). */
    boolean disrupted;

    /**
     * An attacked session that the replayed model stepped up, held or killed before the attacker's
     * last request (as {@code vigil compare} counts "in time").
     */
    boolean actedInTime;

    SessionRow(String id, long first) {
      this.id = id;
      this.first = first;
    }
  }

  private final RiskModel model;
  private final SessionRiskEngine engine = new SessionRiskEngine(new PopulationPrior());
  private final Scored scored = new Scored();
  private final Map<String, AccountProfile> accounts = new HashMap<>();
  private final Map<String, SessionState> states = new HashMap<>();
  private final Map<String, SessionRow> rows = new LinkedHashMap<>();
  private final Map<String, SessionLabel> labels;

  private final long traceFrom;

  private EvidenceReplay(RiskModel model, Map<String, SessionLabel> labels, long traceFrom) {
    this.model = model;
    this.labels = labels;
    this.traceFrom = traceFrom;
  }

  /** Replays {@code history} with {@code attacks}; returns the rows in order of first event. */
  static List<SessionRow> run(
      Path history, List<Injected> attacks, RiskModel model, Map<String, SessionLabel> labels) {
    return run(history, attacks, model, labels, Long.MAX_VALUE, new TrainProgress());
  }

  /**
   * As above, and traces ({@link SessionRow#trace}) the sessions starting at or after {@code
   * traceFrom}; counts each replayed event on {@code progress}.
   */
  static List<SessionRow> run(
      Path history,
      List<Injected> attacks,
      RiskModel model,
      Map<String, SessionLabel> labels,
      long traceFrom,
      TrainProgress progress) {
    EvidenceReplay r = new EvidenceReplay(model, labels, traceFrom);
    InjectedTraffic.forEach(
        history,
        attacks,
        (e, attack, last) -> {
          progress.replayed();
          if (attack == null) {
            r.score(e, false, false);
          } else {
            SessionRow row = r.score(e, true, last);
            if (last) {
              row.frozen = true;
            }
          }
        });
    return new ArrayList<>(r.rows.values());
  }

  /**
   * Records what the replayed model did: a STEP_UP, HOLD_WITHDRAWALS or KILL disrupts the session,
   * and on an attacked session counts in time unless it came at or after the attacker's last
   * request.
   */
  private static void actions(SessionRow row, Decision d, boolean lastAttackerRequest) {
    for (int i = 0, n = d.actionCount(); i < n; i++) {
      CommandAction a = d.action(i);
      if (a == CommandAction.STEP_UP
          || a == CommandAction.HOLD_WITHDRAWALS
          || a == CommandAction.KILL) {
        row.disrupted = true;
        row.killed |= a == CommandAction.KILL;
        if (row.attacked && !row.frozen && !lastAttackerRequest) {
          row.actedInTime = true;
        }
      }
    }
  }

  private SessionRow score(AccessEvent e, boolean attacker, boolean lastAttackerRequest) {
    String sid = e.getSessionId();
    AccountProfile account = accounts.computeIfAbsent(e.getAccountId(), k -> new AccountProfile());
    SessionState state = states.computeIfAbsent(sid, k -> new SessionState());
    SessionRow row = rows.get(sid);
    if (row == null) {
      row = new SessionRow(sid, e.getTimestamp());
      SessionLabel l = labels.get(sid);
      if (l != null) {
        row.attacked = l.compromised();
        row.excluded = l.attempt();
        row.freezeAt = l.compromised() ? l.lastAttackerEventId() : null;
      }
      if (e.getTimestamp() >= traceFrom) {
        row.trace = new SessionTrace();
      }
      rows.put(sid, row);
    }
    engine.score(account, state, e, model, scored);
    row.events++;
    row.signed += e.getAuthMethod() == dev.vigil.schema.AuthMethod.HMAC ? 1 : 0;
    row.automated = row.signed * 2 > row.events;
    if (attacker) {
      row.attacked = true;
    }
    boolean last = lastAttackerRequest || e.getEventId().equals(row.freezeAt);
    actions(row, scored.decision(), last);
    if (row.trace != null && !(row.attacked && (row.frozen || last))) {
      EventFeatures f = scored.features();
      boolean holdable =
          f.sensitive && f.withdrawalAddress != Hashing.ABSENT && state.addressWhitelistedHere;
      row.trace.add(
          scored.evidence(),
          (byte)
              ((holdable ? SessionTrace.HOLDABLE : 0)
                  | (row.attacked ? SessionTrace.ATTACKER : 0)));
    }
    if (!row.frozen) {
      EvidenceBuffer ev = scored.evidence();
      for (int k = 0; k < ev.size(); k++) {
        row.running[ev.code(k).ordinal()] += Math.max(0, ev.llr(k));
      }
      // The vector is taken where the session came closest to an action: at its highest
      // log-odds (a benign session), or at the attacker's last request (below).
      if (row.attacked || state.logOdds > row.peakLogOdds) {
        row.peakLogOdds = Math.max(row.peakLogOdds, state.logOdds);
        System.arraycopy(row.running, 0, row.llr, 0, CODES);
      }
      row.logOdds = state.logOdds;
      if (row.freezeAt != null && row.freezeAt.equals(e.getEventId())) {
        row.frozen = true;
      }
    }
    return row;
  }
}
