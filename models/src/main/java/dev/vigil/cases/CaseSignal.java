package dev.vigil.cases;

import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One risk decision as the case assembler sees it: who, when, the strongest command issued on it
 * and the strongest evidence, plus where it came from (source address, a withdrawal address named
 * in the session) when the caller knows them, for grouping across accounts.
 *
 * @param time event time of the decision's trigger, epoch milliseconds
 * @param action the strongest command issued ({@link #strongest}), or {@link #NO_ACTION}
 * @param actions every command action issued on the decision, by name (may be empty)
 * @param previousProbability the session's probability before the decision
 * @param reasons codes of the strongest positive evidence terms, at most {@link #MAX_REASONS}
 * @param sourceIp the session's source address, or null when unknown
 * @param withdrawalAddress a withdrawal address the session named, or null
 */
public record CaseSignal(
    String decisionId,
    long time,
    String accountId,
    String sessionId,
    String action,
    List<String> actions,
    double previousProbability,
    double probability,
    List<String> reasons,
    String sourceIp,
    String withdrawalAddress) {

  /** The action of a decision that issued no command. */
  public static final String NO_ACTION = "RISK";

  /** At most this many reason codes per timeline entry. */
  public static final int MAX_REASONS = 3;

  /**
   * Rank of an action name, higher is stronger: the command precedence of {@code SessionCommand}
   * (KILL > HOLD_WITHDRAWALS > STEP_UP > SET_RATE_LIMIT > SET_TIMEOUT), with the account-level
   * actions of issue 12 section 3 placed by what they do (log out everywhere above a session kill).
   * An unknown name ranks 1, a decision without a command 0.
   */
  public static int rank(String action) {
    return switch (action) {
      case "KILL_ALL_SESSIONS" -> 7;
      case "KILL" -> 6;
      case "REVOKE_API_KEY" -> 5;
      case "HOLD_WITHDRAWALS" -> 4;
      case "REQUIRE_REVERIFICATION", "STEP_UP" -> 3;
      case "SET_RATE_LIMIT" -> 2;
      case NO_ACTION -> 0;
      default -> 1;
    };
  }

  /** The strongest of {@code actions} by {@link #rank}, or {@link #NO_ACTION} for none. */
  public static String strongest(List<String> actions) {
    String best = NO_ACTION;
    for (String a : actions) {
      if (rank(a) > rank(best)) {
        best = a;
      }
    }
    return best;
  }

  /**
   * The action names of a decision's commands. Command ids are {@code triggerId:action} in lower
   * case ({@code CommandFactory.commands}, {@code RiskOutputs.repeatKill}), so the action is the
   * text after the last colon, upper-cased.
   */
  public static List<String> actionsOf(RiskDecision d) {
    List<String> ids = d.getCommandIds();
    List<String> out = new ArrayList<>(ids.size());
    for (CharSequence id : ids) {
      String s = id.toString();
      out.add(s.substring(s.lastIndexOf(':') + 1).toUpperCase(Locale.ROOT));
    }
    return out;
  }

  /**
   * The signal of an enforced (not shadow) decision.
   *
   * @param sourceIp the session's source address, or null
   * @param withdrawalAddress a withdrawal address the session named, or null
   */
  public static CaseSignal of(RiskDecision d, String sourceIp, String withdrawalAddress) {
    List<String> actions = actionsOf(d);
    return new CaseSignal(
        d.getDecisionId(),
        d.getEventTime(),
        d.getAccountId(),
        d.getSessionId(),
        strongest(actions),
        actions,
        d.getPreviousProbability(),
        d.getProbability(),
        topReasons(d.getEvidence()),
        sourceIp,
        withdrawalAddress);
  }

  /**
   * Whether a decision can join a case, without allocating: enforced (not shadow) and either issued
   * a command (whose strength {@link CaseAssembler#counts} then judges) or took the probability
   * from below {@code minProbability} to at or above it. For a filter before the decisions are
   * keyed: most decisions are neither.
   */
  public static boolean mayCount(RiskDecision d, double minProbability) {
    return !d.getShadow()
        && (!d.getCommandIds().isEmpty()
            || (d.getProbability() >= minProbability
                && d.getPreviousProbability() < minProbability));
  }

  /** Codes of the positive evidence terms, strongest first, at most {@link #MAX_REASONS}. */
  static List<String> topReasons(List<Reason> evidence) {
    List<Reason> positive = new ArrayList<>(evidence.size());
    for (Reason r : evidence) {
      if (r.getLogLikelihoodRatio() > 0) {
        positive.add(r);
      }
    }
    positive.sort((a, b) -> Double.compare(b.getLogLikelihoodRatio(), a.getLogLikelihoodRatio()));
    List<String> out = new ArrayList<>(MAX_REASONS);
    for (int i = 0; i < positive.size() && i < MAX_REASONS; i++) {
      out.add(positive.get(i).getCode());
    }
    return out;
  }
}
