package dev.vigil.cases;

import dev.vigil.schema.CaseEntry;
import dev.vigil.schema.CaseGrouping;
import dev.vigil.schema.CaseSeverity;
import dev.vigil.schema.CaseStatus;
import dev.vigil.schema.SecurityCase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Folds decisions into one case ({@link SecurityCase}), the case's own rules only: which decisions
 * count, the stable id, the bounded lists, severity and closing. Where the case is held (Flink
 * keyed state, {@link CaseBook} in memory) is the caller's concern.
 *
 * <p>A case grouped by account is emitted from its first decision; one grouped by network or
 * withdrawal address only once decisions of two distinct accounts share the key (before that it is
 * held at revision 0 and never emitted). Each fold of an emitted case raises its revision by one.
 * Bounds: {@link CaseSettings#maxTimeline()} entries (the latest), {@link
 * CaseSettings#maxSessions()} sessions, {@link CaseSettings#maxAccounts()} accounts; a fold is O(1)
 * but for the membership checks over those bounded lists (at most 32 comparisons each).
 */
public final class CaseAssembler {
  private final CaseSettings settings;

  public CaseAssembler(CaseSettings settings) {
    this.settings = settings;
  }

  public CaseSettings settings() {
    return settings;
  }

  /**
   * Whether the decision joins cases: it issued a command of STEP_UP strength or more, or took the
   * session's probability across {@link CaseSettings#minProbability()} upwards. Not every decision
   * of a risky session: a session held at p 0.6 for a thousand events would otherwise make a
   * thousand revisions (and findings) that say nothing new.
   */
  public boolean counts(CaseSignal s) {
    return CaseSignal.rank(s.action()) >= CaseSignal.rank("STEP_UP")
        || (s.probability() >= settings.minProbability()
            && s.previousProbability() < settings.minProbability());
  }

  /** Distinct accounts a case of this grouping needs before it is emitted. */
  public static int minAccounts(CaseGrouping g) {
    return g == CaseGrouping.ACCOUNT ? 1 : 2;
  }

  /**
   * A new, empty case (revision 0) opened by {@code first}; {@link #fold} the signal in next. The
   * id is stable: a replay of the same decisions opens the same case.
   */
  public SecurityCase open(CaseGrouping g, String key, CaseSignal first) {
    return SecurityCase.newBuilder()
        .setCaseId(caseId(g, key, first.decisionId()))
        .setRevision(0)
        .setStatus(CaseStatus.OPEN)
        .setSeverity(CaseSeverity.INFORMATIONAL)
        .setGroupedBy(g)
        .setGroupKey(key)
        .setAccounts(new ArrayList<>())
        .setSessions(new ArrayList<>())
        .setTimeline(new ArrayList<>())
        .setActions(new HashMap<>())
        .setMaxProbability(0)
        .setFirstSeen(first.time())
        .setLastSeen(first.time())
        .setUpdatedAt(first.time())
        .build();
  }

  /**
   * Adds the decision to the case.
   *
   * @return whether the case is to be emitted: it has enough accounts ({@link #minAccounts}); its
   *     revision was then raised by one
   */
  public boolean fold(SecurityCase c, CaseSignal s) {
    if (!c.getAccounts().contains(s.accountId())) {
      if (c.getAccounts().size() < settings.maxAccounts()) {
        c.getAccounts().add(s.accountId());
      } else {
        c.setAccountsOmitted(c.getAccountsOmitted() + 1);
      }
    }
    if (!c.getSessions().contains(s.sessionId())) {
      if (c.getSessions().size() < settings.maxSessions()) {
        c.getSessions().add(s.sessionId());
      } else {
        c.setSessionsOmitted(c.getSessionsOmitted() + 1);
      }
    }
    List<CaseEntry> timeline = c.getTimeline();
    timeline.add(
        CaseEntry.newBuilder()
            .setTime(s.time())
            .setDecisionId(s.decisionId())
            .setAccountId(s.accountId())
            .setSessionId(s.sessionId())
            .setAction(s.action())
            .setProbability(s.probability())
            .setReasons(new ArrayList<>(s.reasons()))
            .build());
    if (timeline.size() > settings.maxTimeline()) {
      timeline.remove(0);
      c.setTimelineOmitted(c.getTimelineOmitted() + 1);
    }
    Map<String, Long> actions = c.getActions();
    for (String a : s.actions()) {
      actions.merge(a, 1L, Long::sum);
    }
    c.setMaxProbability(Math.max(c.getMaxProbability(), s.probability()));
    c.setFirstSeen(Math.min(c.getFirstSeen(), s.time()));
    c.setLastSeen(Math.max(c.getLastSeen(), s.time()));
    CaseSeverity sev = severity(s.action(), s.probability());
    if (sev.ordinal() > c.getSeverity().ordinal()) {
      c.setSeverity(sev);
    }
    if (c.getAccounts().size() + c.getAccountsOmitted() < minAccounts(c.getGroupedBy())) {
      return false;
    }
    c.setRevision(c.getRevision() + 1);
    c.setUpdatedAt(Math.max(c.getUpdatedAt(), s.time()));
    return true;
  }

  /** Event time at which the case closes unless another decision joins it. */
  public long closesAt(SecurityCase c) {
    return c.getLastSeen() + settings.quiet().toMillis();
  }

  /**
   * Closes the case (status CLOSED, updatedAt = {@link #closesAt}).
   *
   * @return whether to emit the closed case: false for one never emitted (a network or address case
   *     that never had two accounts), which is dropped silently
   */
  public boolean close(SecurityCase c) {
    if (c.getRevision() == 0) {
      return false;
    }
    c.setStatus(CaseStatus.CLOSED);
    c.setRevision(c.getRevision() + 1);
    c.setUpdatedAt(closesAt(c));
    return true;
  }

  /**
   * Severity of one decision: a kill HIGH (CRITICAL at p >= 0.95), a withdrawal hold or key
   * revocation HIGH, a step-up MEDIUM (HIGH at p >= 0.95), a rate limit or timeout LOW, no command
   * LOW (MEDIUM at p >= 0.8). A case's severity is the highest of its decisions'.
   */
  public static CaseSeverity severity(String action, double p) {
    int r = CaseSignal.rank(action);
    if (r >= CaseSignal.rank("KILL")) {
      return p >= 0.95 ? CaseSeverity.CRITICAL : CaseSeverity.HIGH;
    }
    if (r >= CaseSignal.rank("HOLD_WITHDRAWALS")) {
      return CaseSeverity.HIGH;
    }
    if (r >= CaseSignal.rank("STEP_UP")) {
      return p >= 0.95 ? CaseSeverity.HIGH : CaseSeverity.MEDIUM;
    }
    if (r >= 1) {
      return CaseSeverity.LOW;
    }
    return p >= 0.8 ? CaseSeverity.MEDIUM : CaseSeverity.LOW;
  }

  /** {@code case-} and the first 32 hex digits of SHA-256(grouping, key, first decision id). */
  public static String caseId(CaseGrouping g, String key, String firstDecisionId) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] h =
          sha.digest(
              (g.name() + '\n' + key + '\n' + firstDecisionId).getBytes(StandardCharsets.UTF_8));
      return "case-" + HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
