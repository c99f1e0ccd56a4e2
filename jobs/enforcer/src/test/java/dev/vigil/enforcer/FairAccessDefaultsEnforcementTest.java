package dev.vigil.enforcer;

import static dev.vigil.enforcer.FairAccessDefaults.NO_POPULATION;
import static dev.vigil.enforcer.FairAccessDefaults.NO_ROLE;
import static dev.vigil.enforcer.TestCommands.T;
import static dev.vigil.enforcer.TestCommands.rate;
import static dev.vigil.enforcer.TestCommands.signed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandVerifier;
import dev.vigil.schema.FairAccessLimitsFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway's default buckets per population and role, and Vigil's own SET_RATE_LIMIT on top. */
class FairAccessDefaultsEnforcementTest {
  static final FairAccessDefaults DEFAULTS =
      FairAccessDefaults.of(
          new FairAccessLimitsFile(
              null,
              List.of(
                  limit("bot", "orders", 2.0, 4),
                  limit("bot", "market_data", 1.0, 2),
                  limit("retail", "orders", 1.0, 1))));
  static final int BOT = DEFAULTS.population("bot");
  static final int RETAIL = DEFAULTS.population("retail");
  static final int ORDERS = DEFAULTS.role("orders");
  static final int DATA = DEFAULTS.role("market_data");

  final ReferenceEnforcer gw =
      new ReferenceEnforcer(
          EnforcerSettings.defaults("gw-test"),
          new CommandVerifier(TestCommands.SIGNER.ring()),
          null,
          OutcomeSink.NONE,
          DEFAULTS);

  static FairAccessLimitsFile.Limit limit(String population, String role, double rps, int burst) {
    return new FairAccessLimitsFile.Limit(
        population, role, FairAccessLimitsFile.ACTION, rps, burst, null);
  }

  Decision order(String session, long t, int population) {
    return gw.check(session, t, RequestKind.ORDINARY, ORDERS, population);
  }

  @Test
  void aBotSessionGetsItsBurstThenOneRequestPerIntervalOnEachRoleApart() {
    for (int i = 0; i < 4; i++) {
      assertThat(order("s", T, BOT))
          .as("request %d of the burst of 4", i + 1)
          .isEqualTo(Decision.ALLOW);
    }
    assertThat(order("s", T, BOT)).isEqualTo(Decision.THROTTLE);
    assertThat(gw.check("s", T, RequestKind.ORDINARY, DATA, BOT))
        .as("market data has a bucket of its own")
        .isEqualTo(Decision.ALLOW);
    assertThat(order("s", T + 499, BOT))
        .as("2/s: a token every 500 ms")
        .isEqualTo(Decision.THROTTLE);
    assertThat(order("s", T + 500, BOT)).isEqualTo(Decision.ALLOW);
    assertThat(order("s", T + 500, BOT)).isEqualTo(Decision.THROTTLE);
    int allowed = 0;
    for (int i = 0; i < 10; i++) {
      allowed += order("s", T + 100_000, BOT) == Decision.ALLOW ? 1 : 0;
    }
    assertThat(allowed).as("an idle bucket refills to its burst, not beyond").isEqualTo(4);
  }

  @Test
  void aRoleWithoutADefaultAndASessionWithoutAPopulationAreNotLimitedNorHeld() {
    for (int i = 0; i < 100; i++) {
      assertThat(gw.check("s", T, RequestKind.ORDINARY, NO_ROLE, BOT)).isEqualTo(Decision.ALLOW);
      assertThat(gw.check("s", T, RequestKind.ORDINARY, DEFAULTS.role("history"), BOT))
          .isEqualTo(Decision.ALLOW);
      assertThat(order("stranger", T, NO_POPULATION)).isEqualTo(Decision.ALLOW);
      assertThat(gw.check("old-api", new Request(T, RequestKind.ORDINARY)))
          .isEqualTo(Decision.ALLOW);
    }
    assertThat(gw.sessions()).as("only the session with a population is held").isEqualTo(1);
  }

  @Test
  void aSessionKeepsThePopulationOfItsFirstRequestThatNamesOne() {
    assertThat(order("s", T, NO_POPULATION)).isEqualTo(Decision.ALLOW);
    assertThat(order("s", T, RETAIL)).isEqualTo(Decision.ALLOW);
    assertThat(order("s", T, BOT)).as("still retail: burst 1").isEqualTo(Decision.THROTTLE);
  }

  @Test
  void vigilsTighterSetRateLimitWinsAndALooserOneDoesNotLiftTheDefault() {
    gw.accept(signed("tight", "e1:set_rate_limit", CommandAction.SET_RATE_LIMIT, 8, rate(1, 1)), T);
    gw.accept(
        signed("loose", "e2:set_rate_limit", CommandAction.SET_RATE_LIMIT, 8, rate(100, 100)), T);

    assertThat(order("tight", T, BOT)).isEqualTo(Decision.ALLOW);
    assertThat(order("tight", T, BOT)).as("the command's burst of 1").isEqualTo(Decision.THROTTLE);
    for (int i = 0; i < 4; i++) {
      assertThat(order("loose", T, BOT)).isEqualTo(Decision.ALLOW);
    }
    assertThat(order("loose", T, BOT)).as("the default's burst of 4").isEqualTo(Decision.THROTTLE);
  }

  @Test
  void aRequestThrottledByOneBucketTakesNoTokenFromTheOther() {
    // Vigil's bucket: 3 tokens, next to no refill. The default (retail orders): 1/s, burst 1.
    gw.accept(signed("s", "e1:set_rate_limit", CommandAction.SET_RATE_LIMIT, 8, rate(0.001, 3)), T);

    assertThat(order("s", T, RETAIL)).isEqualTo(Decision.ALLOW);
    assertThat(order("s", T, RETAIL)).as("the default is empty").isEqualTo(Decision.THROTTLE);
    assertThat(order("s", T + 1_000, RETAIL)).isEqualTo(Decision.ALLOW);
    assertThat(order("s", T + 2_000, RETAIL))
        .as("Vigil's third token, left by the throttled request")
        .isEqualTo(Decision.ALLOW);
    assertThat(order("s", T + 3_000, RETAIL))
        .as("Vigil's bucket is empty")
        .isEqualTo(Decision.THROTTLE);
  }

  @Test
  void aSessionFirstSeenByARequestIsStillKilledByVigil() {
    assertThat(order("s", T, BOT)).isEqualTo(Decision.ALLOW);
    assertThat(gw.accept(signed("s", "e1:kill", CommandAction.KILL, 8, null), T).applied())
        .isTrue();

    assertThat(order("s", T + 1, BOT)).isEqualTo(Decision.DENY);
    assertThat(gw.accounts().status("acct-s")).isNull();
  }
}
