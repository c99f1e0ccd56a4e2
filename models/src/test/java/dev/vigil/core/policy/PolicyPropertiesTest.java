package dev.vigil.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.CostProfile;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.model.TimeoutBounds;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.SessionState;
import dev.vigil.schema.CommandAction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class PolicyPropertiesTest {
  private static final RiskModel M = RiskModelLoader.defaults();

  @Property
  void timeoutsNeverGrowAsTheProbabilityRises(
      @ForAll @DoubleRange(min = 0, max = 1) double p1,
      @ForAll @DoubleRange(min = 0, max = 1) double p2,
      @ForAll boolean automated,
      @ForAll boolean withdrawal) {
    double lo = Math.min(p1, p2);
    double hi = Math.max(p1, p2);
    CostProfile c = automated ? M.policy.automated : M.policy.human;
    TimeoutBounds b = withdrawal ? M.policy.aal3 : M.policy.aal2;
    double loss = c.lossPerHour / 3600 * (withdrawal ? c.withdrawalExposureMultiplier : 1);
    long idleLo =
        TimeoutPolicy.optimalSeconds(
            lo, c.reauthCost, loss, c.typicalIdleGapSeconds, b.minIdleSeconds, b.maxIdleSeconds);
    long idleHi =
        TimeoutPolicy.optimalSeconds(
            hi, c.reauthCost, loss, c.typicalIdleGapSeconds, b.minIdleSeconds, b.maxIdleSeconds);
    assertThat(idleHi).isLessThanOrEqualTo(idleLo);
    assertThat(idleHi).isBetween(b.minIdleSeconds, b.maxIdleSeconds);
    assertThat(idleLo).isBetween(b.minIdleSeconds, b.maxIdleSeconds);
    double rLo = RateLimitPolicy.limit(lo, c.requestsPerSecond, M.policy.rateLimitMinFactor);
    double rHi = RateLimitPolicy.limit(hi, c.requestsPerSecond, M.policy.rateLimitMinFactor);
    assertThat(rHi).isLessThanOrEqualTo(rLo).isPositive();
  }

  @Property
  void everyCommandedTimeoutRespectsTheBoundsOfItsLevel(
      @ForAll @DoubleRange(min = 0, max = 1) double p,
      @ForAll boolean withdrawal,
      @ForAll boolean automated) {
    SessionState s = new SessionState();
    s.sensitiveUsed = withdrawal;
    Decision d = new Decision();
    PolicyInput in =
        new PolicyInput()
            .set(
                new AccountProfile(),
                s,
                M,
                p,
                0L,
                automated ? SessionKind.AUTOMATED : SessionKind.HUMAN,
                withdrawal,
                Double.NaN);
    new TimeoutPolicy().decide(in, d);
    TimeoutBounds b = in.bounds();
    int i = d.indexOf(CommandAction.SET_TIMEOUT);
    if (i >= 0) {
      assertThat(d.idleTimeoutSeconds(i)).isBetween(b.minIdleSeconds, b.maxIdleSeconds);
      assertThat(d.absoluteTimeoutSeconds(i)).isBetween(b.minAbsoluteSeconds, b.maxAbsoluteSeconds);
    }
  }

  @Test
  void highRiskShortensAWebSessionsTimeoutMoreThanABotsAtTheSameProbability() {
    CostProfile h = M.policy.human;
    CostProfile a = M.policy.automated;
    TimeoutBounds b = M.policy.aal2;
    long human =
        TimeoutPolicy.optimalSeconds(
            0.001,
            h.reauthCost,
            h.lossPerHour / 3600,
            h.typicalSessionSeconds,
            b.minAbsoluteSeconds,
            b.maxAbsoluteSeconds);
    long bot =
        TimeoutPolicy.optimalSeconds(
            0.001,
            a.reauthCost,
            a.lossPerHour / 3600,
            a.typicalSessionSeconds,
            b.minAbsoluteSeconds,
            b.maxAbsoluteSeconds);
    assertThat(human).isLessThan(bot);
  }

  @Test
  void theDefaultHasNoSeparateSensitiveThreshold() {
    assertThat(M.policy.sensitiveStepUpEnter).isEqualTo(M.policy.stepUpEnter);
  }

  @Test
  void aSensitiveRequestStepsUpAtTheLowerSensitiveThresholdWhenOneIsSet() throws Exception {
    String json =
        new String(
                RiskModelLoader.class
                    .getResourceAsStream(RiskModelLoader.DEFAULT_RESOURCE)
                    .readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8)
            .replace(
                "\"stepUpEnter\": 0.1,", "\"stepUpEnter\": 0.1, \"sensitiveStepUpEnter\": 0.02,");
    RiskModel withSensitive = RiskModelLoader.parse(json);
    assertThat(withSensitive.policy.sensitiveStepUpEnter).isEqualTo(0.02);
    double p = 0.05;
    Decision browsing = escalate(withSensitive, p, false);
    Decision withdrawing = escalate(withSensitive, p, true);

    assertThat(browsing.indexOf(CommandAction.STEP_UP)).isNegative();
    assertThat(withdrawing.indexOf(CommandAction.STEP_UP)).isZero();
  }

  private static Decision escalate(RiskModel m, double p, boolean sensitive) {
    Decision d = new Decision();
    new EscalationPolicy()
        .decide(
            new PolicyInput()
                .set(
                    new AccountProfile(),
                    withNetworkEvidence(new SessionState()),
                    m,
                    p,
                    0,
                    SessionKind.HUMAN,
                    sensitive,
                    Double.NaN),
            d);
    return d;
  }

  /** Escalation needs evidence beyond volume: 3 nats of a new network. */
  static SessionState withNetworkEvidence(SessionState s) {
    s.kindLlr[dev.vigil.core.evidence.EvidenceKind.NETWORK.ordinal()] = 3f;
    return s;
  }

  @Test
  void oneNoisyDipDoesNotLeaveStepUpBeforeTheDwell() {
    SessionState s = withNetworkEvidence(new SessionState());
    EscalationPolicy e = new EscalationPolicy();
    Decision d = new Decision();
    PolicyInput in = new PolicyInput();
    double enter = M.policy.stepUpEnter;
    double exit = M.policy.stepUpExit;
    e.decide(
        in.set(new AccountProfile(), s, M, enter + 0.01, 0, SessionKind.HUMAN, false, Double.NaN),
        d);
    assertThat(d.indexOf(CommandAction.STEP_UP)).isZero();
    // Oscillating around the entry threshold (above the exit) must not re-issue step-up commands.
    int commands = 0;
    for (int i = 1; i <= 20; i++) {
      d.clear();
      double p = i % 2 == 0 ? (enter + exit) / 2 : enter + 0.01;
      e.decide(
          in.set(new AccountProfile(), s, M, p, i * 1_000L, SessionKind.HUMAN, false, Double.NaN),
          d);
      commands += d.actionCount();
    }
    assertThat(commands).isZero();
    d.clear();
    long dwell = (long) (M.policy.minDwellSeconds * 1000);
    e.decide(
        in.set(
            new AccountProfile(), s, M, exit / 2, dwell / 4, SessionKind.HUMAN, false, Double.NaN),
        d);
    assertThat(EnforcementLevel.byOrdinal(s.level)).isEqualTo(EnforcementLevel.STEP_UP);
    e.decide(
        in.set(
            new AccountProfile(),
            s,
            M,
            exit / 2,
            dwell + 1_000L,
            SessionKind.HUMAN,
            false,
            Double.NaN),
        d);
    assertThat(EnforcementLevel.byOrdinal(s.level)).isEqualTo(EnforcementLevel.NONE);
  }

  @Property
  void escalationLevelIsMonotoneInTheProbabilityOnAFreshSession(
      @ForAll @DoubleRange(min = 0, max = 1) double p1,
      @ForAll @DoubleRange(min = 0, max = 1) double p2) {
    assertThat(levelAfter(Math.max(p1, p2)).ordinal())
        .isGreaterThanOrEqualTo(levelAfter(Math.min(p1, p2)).ordinal());
  }

  private static EnforcementLevel levelAfter(double p) {
    SessionState s = withNetworkEvidence(new SessionState());
    new EscalationPolicy()
        .decide(
            new PolicyInput()
                .set(new AccountProfile(), s, M, p, 0, SessionKind.HUMAN, false, Double.NaN),
            new Decision());
    return EnforcementLevel.byOrdinal(s.level);
  }
}
