package dev.vigil.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.profile.UsageCeiling;
import dev.vigil.schema.CommandAction;
import org.junit.jupiter.api.Test;

/**
 * The usage side of {@link RateLimitPolicy}: a clean session running far above its account's usual
 * pace is throttled to a ceiling, a funding-time burst is not, and the throttle is lifted with
 * hysteresis.
 */
class UsageRateLimitTest {
  private static final RiskModel M = RiskModelLoader.defaults();

  @Test
  void aBotFloodingAtFiftyTimesItsUsualRateIsThrottledToTheCeilingAtLowProbability() {
    SessionState s = botAtUsualRate(1.0);
    s.rateMedium = 50f * 60; // 50 requests a second over the last minute

    Decision d = decide(s, 0.0001);

    int i = d.indexOf(CommandAction.SET_RATE_LIMIT);
    assertThat(i).isNotNegative();
    double ceiling = UsageCeiling.of(s, M);
    assertThat(ceiling).isBetween(9.9, 10.1); // ten times the usual 1/s
    assertThat(d.requestsPerSecond(i))
        .isEqualTo(ceiling, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(d.indexOf(CommandAction.KILL)).isNegative();
    // The command says why, in the pace's own terms.
    assertThat(d.reasonCount()).isEqualTo(1);
    assertThat(d.reasonCode(0)).isEqualTo(EvidenceCode.USAGE_ABOVE_CEILING);
    assertThat(d.reasonLlr(0)).isZero();
    assertThat(d.reasonValue(0, 0)).isEqualTo(50.0, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(d.reasonValue(0, 1)).isEqualTo(ceiling);
    assertThat(d.reasonValue(0, 2)).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void aFundingTimeBurstAtSixTimesTheUsualRateIsNotThrottled() {
    SessionState s = botAtUsualRate(1.0);
    s.rateMedium = 6f * 60;

    assertThat(decide(s, 0.0001).indexOf(CommandAction.SET_RATE_LIMIT)).isNegative();
  }

  @Test
  void theThrottleHoldsUntilTheRateFallsBelowHalfTheCeiling() {
    SessionState s = botAtUsualRate(1.0);
    s.rateMedium = 50f * 60;
    decide(s, 0.0001);
    float throttledAt = s.commandedRequestsPerSecond;

    s.rateMedium = 7f * 60; // slowed down, but above half the ceiling of 10/s
    assertThat(decide(s, 0.0001).indexOf(CommandAction.SET_RATE_LIMIT)).isNegative();
    assertThat(s.commandedRequestsPerSecond).isEqualTo(throttledAt);

    s.rateMedium = 3f * 60;
    Decision lifted = decide(s, 0.0001);
    int i = lifted.indexOf(CommandAction.SET_RATE_LIMIT);
    assertThat(i).isNotNegative();
    assertThat(lifted.requestsPerSecond(i)).isGreaterThan(UsageCeiling.of(s, M));
  }

  @Test
  void anAccountWithoutABaselineIsNotThrottledForUsage() {
    SessionState s = new SessionState();
    s.rateMedium = 500f * 60;

    assertThat(UsageCeiling.of(s, M)).isNaN();
    assertThat(decide(s, 0.0001).indexOf(CommandAction.SET_RATE_LIMIT)).isNegative();
  }

  /** A session whose account's usual rate is {@code rps}, with a tight (bot-like) spread. */
  private static SessionState botAtUsualRate(double rps) {
    SessionState s = new SessionState();
    s.refLogRateMean = (float) Math.log(rps);
    s.refLogRateDeviation = 0.1f;
    return s;
  }

  private static Decision decide(SessionState s, double p) {
    Decision d = new Decision();
    new RateLimitPolicy()
        .decide(
            new PolicyInput()
                .set(
                    new AccountProfile(),
                    s,
                    M,
                    p,
                    0L,
                    SessionKind.AUTOMATED,
                    false,
                    UsageCeiling.of(s, M)),
            d);
    return d;
  }
}
