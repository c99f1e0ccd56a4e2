package dev.vigil.evaluation;

import dev.vigil.schema.RiskDecision;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Joins labels (the simulator's or analysts') to the sessions and decisions they are about. A label
 * on a decision id gets that decision's session; a label whose session (or decision) is unknown is
 * returned among the unmatched, never dropped without a word. Warm-up labels are matched like any
 * other: whether they count is the caller's business.
 *
 * @param matched the labels that found their session, with the session id resolved
 * @param unmatched the ids (session id, or decision id when only that was given) that match nothing
 */
public record LabelJoin(List<SessionLabel> matched, List<String> unmatched) {
  /** At most this many ids are listed in {@link #describeUnmatched()}. */
  static final int LISTED = 10;

  /**
   * @param knownSession whether a session id is known (e.g. in the history or the decisions)
   * @param sessionOfDecision the session of each known decision id
   */
  public static LabelJoin of(
      Collection<SessionLabel> labels,
      Predicate<String> knownSession,
      Map<String, String> sessionOfDecision) {
    List<SessionLabel> matched = new ArrayList<>(labels.size());
    List<String> unmatched = new ArrayList<>();
    for (SessionLabel l : labels) {
      String session = l.sessionId();
      if (session == null && l.decisionId() != null) {
        session = sessionOfDecision.get(l.decisionId());
      }
      if (session != null && knownSession.test(session)) {
        matched.add(session.equals(l.sessionId()) ? l : l.withSessionId(session));
      } else {
        unmatched.add(l.labelledId());
      }
    }
    return new LabelJoin(List.copyOf(matched), List.copyOf(unmatched));
  }

  /** Joins labels to the sessions and decision ids of audit records. */
  public static LabelJoin toDecisions(
      Collection<SessionLabel> labels, Collection<RiskDecision> decisions) {
    Set<String> sessions = new HashSet<>();
    Map<String, String> byDecision = new HashMap<>();
    for (RiskDecision d : decisions) {
      sessions.add(d.getSessionId());
      byDecision.put(d.getDecisionId(), d.getSessionId());
    }
    return of(labels, sessions::contains, byDecision);
  }

  /** "3 labels match no session: a, b, c", or null when every label matched. */
  public String describeUnmatched() {
    if (unmatched.isEmpty()) {
      return null;
    }
    StringBuilder b =
        new StringBuilder()
            .append(unmatched.size())
            .append(unmatched.size() == 1 ? " label matches" : " labels match")
            .append(" no session: ");
    for (int i = 0; i < Math.min(LISTED, unmatched.size()); i++) {
      b.append(i == 0 ? "" : ", ").append(unmatched.get(i));
    }
    if (unmatched.size() > LISTED) {
      b.append(", ... (").append(unmatched.size() - LISTED).append(" more)");
    }
    return b.toString();
  }
}
