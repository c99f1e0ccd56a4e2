package dev.vigil.core.engine;

import dev.vigil.core.model.PolicySettings;
import dev.vigil.core.profile.SessionState;
import dev.vigil.schema.CommandAction;

/**
 * When the commands of one decision are issued, how long each stays valid, how late they are and
 * where they stand in their session's order: the gateway contract of schema version 5 (root README,
 * "For gateway teams").
 *
 * <ul>
 *   <li><b>Expiry</b> counts from the issue time ({@link IssueClock}), never from the trigger's
 *       event time: {@code expiresAt = issuedAt + policy.commandTtlSeconds} (1 s to 1 day), except
 *       that KILL stays valid at least until the session's longest permitted lifetime ends (its
 *       start plus the larger of the AAL2 and AAL3 {@code maxAbsoluteSeconds}, NIST SP 800-63B-4
 *       section 2.2.3 and 2.3.3: no session of a compliant gateway can outlive it), and
 *       HOLD_WITHDRAWALS at least {@code holdSeconds} after issue. Neither lapses before the
 *       gateway can act.
 *   <li><b>Lateness</b>: {@code lateBySeconds = (issuedAt - eventTime) / 1000} when that delay
 *       exceeds one command lifetime (the old contract would have published the command already
 *       expired), else 0. Never negative.
 *   <li><b>Sequence</b>: {@code 8 * session.events + index}, the index of the action in its
 *       decision (fewer than {@link dev.vigil.core.policy.Decision#MAX_ACTIONS} of 8). {@code
 *       session.events} counts every event scored for the session, so the sequence is strictly
 *       increasing over the session's commands, identical on a replay and in a backtest, and needs
 *       no state of its own. It restarts only when Vigil has forgotten the session (state dropped
 *       after {@code sessionStateTtl} idle, or never admitted past the account's session cap).
 *   <li><b>Step-up timeout</b>: the gateway waits {@code commandTtlSeconds} for a step-up's answer
 *       before treating none as a failure (abandoned).
 * </ul>
 *
 * @param issuedAtMillis the issue time
 * @param eventTimeMillis the trigger's event time
 * @param ttlMillis {@code policy.commandTtlSeconds} in ms
 * @param killUntilMillis the end of the session's longest permitted lifetime
 * @param sequenceBase {@code 8 * session.events}, after the trigger was scored
 */
public record CommandTiming(
    long issuedAtMillis,
    long eventTimeMillis,
    long ttlMillis,
    long killUntilMillis,
    long sequenceBase) {
  /** Sequence numbers per event: more than {@code Decision.MAX_ACTIONS}. */
  public static final int SEQUENCE_STRIDE = 8;

  /** The timing of the commands decided on an event at {@code eventTimeMillis} for {@code s}. */
  public static CommandTiming of(
      IssueClock clock, long eventTimeMillis, SessionState s, PolicySettings policy) {
    long maxAbsoluteSeconds =
        Math.max(policy.aal2.maxAbsoluteSeconds, policy.aal3.maxAbsoluteSeconds);
    return new CommandTiming(
        clock.issuedAt(eventTimeMillis),
        eventTimeMillis,
        (long) (policy.commandTtlSeconds * 1000),
        s.startMillis + maxAbsoluteSeconds * 1000,
        (long) SEQUENCE_STRIDE * s.events);
  }

  /**
   * The timing of commands decided on a gateway's outcome between two events: the sequences after
   * every one the last event's decision can use ({@code Decision.MAX_ACTIONS} of {@link
   * #SEQUENCE_STRIDE}), so they supersede that event's commands and the next event's supersede
   * them.
   */
  public CommandTiming forOutcome() {
    return new CommandTiming(
        issuedAtMillis,
        eventTimeMillis,
        ttlMillis,
        killUntilMillis,
        sequenceBase + dev.vigil.core.policy.Decision.MAX_ACTIONS);
  }

  /** When a command of {@code action} expires; {@code holdSeconds} is read for holds only. */
  public long expiresAt(CommandAction action, long holdSeconds) {
    long ordinary = issuedAtMillis + ttlMillis;
    return switch (action) {
      case KILL -> Math.max(ordinary, killUntilMillis);
      case HOLD_WITHDRAWALS -> Math.max(ordinary, issuedAtMillis + holdSeconds * 1000);
      default -> ordinary;
    };
  }

  /** Whole seconds between the event and the issue, when more than one lifetime; else 0. */
  public long lateBySeconds() {
    long delay = issuedAtMillis - eventTimeMillis;
    return delay > ttlMillis ? delay / 1000 : 0;
  }

  /** The sequence number of the decision's {@code index}-th action. */
  public long sequence(int index) {
    return sequenceBase + index;
  }

  /** How long the gateway waits for a step-up's answer: one command lifetime, in seconds. */
  public long stepUpTimeoutSeconds() {
    return ttlMillis / 1000;
  }
}
