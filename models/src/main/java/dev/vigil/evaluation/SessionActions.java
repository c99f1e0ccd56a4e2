package dev.vigil.evaluation;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandTarget;
import dev.vigil.schema.SessionCommand;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The counting rules that {@code vigil robustness} and {@code vigil compare} share: a STEP_UP, a
 * HOLD_WITHDRAWALS or a KILL is an action on a takeover (each stops the cash-out), and an action
 * counts from the takeover on, however late.
 */
final class SessionActions {
  static final String HOLD = "HOLD_WITHDRAWALS";

  private static final Comparator<SessionCommand> ISSUE_ORDER =
      Comparator.comparingLong(SessionActions::eventTime)
          .thenComparing(SessionCommand::getCommandId);

  private SessionActions() {}

  /**
   * The trigger's event time: {@code eventTime} since schema version 5, else {@code issuedAt}
   * (older producers issued at the event's time). A streamed command's issuedAt is the job's
   * processing time, which says nothing about when in the attack it was decided.
   */
  static long eventTime(SessionCommand c) {
    return c.getEventTime() != null ? c.getEventTime() : c.getIssuedAt();
  }

  /**
   * The session commands of each session in the order they were issued (account commands apart).
   */
  static Map<String, List<SessionCommand>> bySession(List<SessionCommand> commands) {
    Map<String, List<SessionCommand>> bySession = new HashMap<>();
    for (SessionCommand c : commands) {
      if (c.getTarget() == CommandTarget.ACCOUNT) {
        continue; // the account's, not its triggering session's (counted apart)
      }
      bySession.computeIfAbsent(c.getSessionId(), k -> new ArrayList<>()).add(c);
    }
    bySession.values().forEach(l -> l.sort(ISSUE_ORDER));
    return bySession;
  }

  static boolean has(List<SessionCommand> cs, String action) {
    for (SessionCommand c : cs) {
      if (c.getAction().name().equals(action)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Trading bots and market makers (or, without labels, sessions mostly signed with an API key):
   * the automated populations a kill or step-up disrupts.
   */
  static boolean automated(String population) {
    return population.equals("bot")
        || population.equals("market_maker")
        || population.equals("automated");
  }

  static boolean killed(List<SessionCommand> cs) {
    return has(cs, CommandAction.KILL.name());
  }

  static boolean steppedUpOrHeld(List<SessionCommand> cs) {
    return has(cs, CommandAction.STEP_UP.name()) || has(cs, HOLD);
  }

  /**
   * The first STEP_UP, HOLD_WITHDRAWALS or KILL on a compromised session at or after its takeover;
   * null when there is none.
   */
  static Evaluator.Placement firstTakeoverAction(SessionLabel l, List<SessionCommand> cs) {
    Map<String, Integer> ordinals = cs.isEmpty() ? Map.of() : l.attackerOrdinals();
    for (SessionCommand c : cs) {
      String a = c.getAction().name();
      if (!a.equals(CommandAction.STEP_UP.name())
          && !a.equals(CommandAction.KILL.name())
          && !a.equals(HOLD)) {
        continue;
      }
      Evaluator.Placement p = Evaluator.Placement.of(c, l, ordinals);
      if (p.timeMs() < l.takeoverTime() && p.attackerRequests() == 0) {
        continue;
      }
      return p;
    }
    return null;
  }
}
