package dev.vigil.core.policy;

import java.util.List;

/**
 * The one place that lists the policies the engine applies, in order: escalation first (a kill
 * makes the others moot), the withdrawal hold (it reads whether escalation withheld a kill), then
 * timeout and rate limit, and last the account response (it reads the kill; its commands are the
 * account's, apart from the session's).
 */
public final class PolicyRegistry {
  private static final List<SessionPolicy> DEFAULTS =
      List.of(
          new EscalationPolicy(),
          new WithdrawalHoldPolicy(),
          new TimeoutPolicy(),
          new RateLimitPolicy(),
          new AccountResponsePolicy());

  private PolicyRegistry() {}

  public static List<SessionPolicy> defaults() {
    return DEFAULTS;
  }
}
