package dev.vigil.enforcer.bench;

import dev.vigil.enforcer.EnforcerSettings;
import dev.vigil.enforcer.FairAccessDefaults;
import dev.vigil.enforcer.OutcomeSink;
import dev.vigil.enforcer.ReferenceEnforcer;
import dev.vigil.enforcer.RequestKind;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandAuthenticator;
import dev.vigil.schema.CommandParameters;
import dev.vigil.schema.CommandVerifier;
import dev.vigil.schema.FairAccessLimitsFile;
import dev.vigil.schema.HoldScope;
import dev.vigil.schema.SessionCommand;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * An enforcer holding a given number of live sessions, a quarter each rate-limited (10/s, burst
 * 20), under a timeout (8 h absolute, 30 min idle), stepped up and holding withdrawals to added
 * addresses, each from one signed command with a 36-character session id; shared by {@link
 * CheckBenchmark} and {@link SessionMemoryReport}. With {@link #DEFAULTS}, every session is also a
 * trading bot with the three default buckets the simulated traffic's recommendation gives bots
 * (orders, market data, account reads; {@code RecommendedLimitsEnforcedTest}), joined by one
 * request.
 */
final class MillionSessions {
  static final long T = 1_764_400_000_000L;
  private static final CommandAuthenticator SIGNER =
      CommandAuthenticator.parse(
          "bench:"
              + Base64.getEncoder().encodeToString("bench-KEY-for-jmh-0123456789abcd".getBytes()));

  /** Bots' defaults as recommended on the simulated hour (rate/s, burst). */
  static final FairAccessDefaults DEFAULTS =
      FairAccessDefaults.of(
          new FairAccessLimitsFile(
              null,
              List.of(
                  limit("orders", 76.87, 769),
                  limit("market_data", 3.77, 38),
                  limit("account_read", 10.08, 101))));

  static final int BOT = DEFAULTS.population("bot");

  final ReferenceEnforcer enforcer;
  final String[] ids;

  MillionSessions(int sessions) {
    this(ids(sessions), sessions * 2, false);
  }

  /** Sessions {@code ids}, in a cache of {@code capacity}; with {@code defaults}, as bots. */
  MillionSessions(String[] ids, int capacity, boolean defaults) {
    enforcer =
        new ReferenceEnforcer(
            EnforcerSettings.defaults("bench").withCapacity(capacity),
            new CommandVerifier(SIGNER.ring(), 1, 5_000),
            null,
            OutcomeSink.NONE,
            defaults ? DEFAULTS : FairAccessDefaults.NONE);
    this.ids = ids;
    for (int i = 0; i < ids.length; i++) {
      enforcer.accept(command(ids[i], i), T);
      if (defaults) {
        enforcer.check(ids[i], T, RequestKind.ORDINARY, FairAccessDefaults.NO_ROLE, BOT);
      }
    }
  }

  private static FairAccessLimitsFile.Limit limit(String role, double rps, int burst) {
    return new FairAccessLimitsFile.Limit(
        "bot", role, FairAccessLimitsFile.ACTION, rps, burst, null);
  }

  /** {@code n} session ids of 36 characters (UUIDs). */
  static String[] ids(int n) {
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = UUID.nameUUIDFromBytes(Integer.toString(i).getBytes()).toString();
    }
    return ids;
  }

  private static SessionCommand command(String session, int i) {
    CommandAction action;
    CommandParameters.Builder p = CommandParameters.newBuilder();
    switch (i & 3) {
      case 0 -> {
        action = CommandAction.SET_RATE_LIMIT;
        p.setRequestsPerSecond(10.0).setBurst(20);
      }
      case 1 -> {
        action = CommandAction.SET_TIMEOUT;
        p.setAbsoluteTimeoutSeconds(28_800L).setIdleTimeoutSeconds(1_800L);
      }
      case 2 -> {
        action = CommandAction.STEP_UP;
        p.setAcceptedFactors(List.of("passkey", "email_link")).setStepUpTimeoutSeconds(300L);
      }
      default -> {
        action = CommandAction.HOLD_WITHDRAWALS;
        p.setHoldSeconds(86_400L).setHoldScope(HoldScope.ADDRESSES_ADDED_IN_SESSION);
      }
    }
    return SIGNER.sign(
        SessionCommand.newBuilder()
            .setCommandId("e" + i + ":" + action.name().toLowerCase(java.util.Locale.ROOT))
            .setSessionId(session)
            .setAccountId("acct-" + (i >> 2))
            .setAction(action)
            .setParameters(p.build())
            .setIssuedAt(T)
            .setExpiresAt(T + 300_000)
            .setProbability(0.5)
            .setModelVersion("bench")
            .setTriggerEventId("e" + i)
            .setEventTime(T)
            .setSequence(8)
            .build());
  }
}
