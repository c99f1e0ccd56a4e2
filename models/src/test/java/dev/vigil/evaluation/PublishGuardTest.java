package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test a rule: each fails on its own and names the figures; ties and the tolerance pass. */
class PublishGuardTest {
  private static ModelOutcome outcome(int killed, int steppedUp, int botDisrupted) {
    return new ModelOutcome(
        "m",
        "v",
        100,
        List.of(),
        List.of(),
        2000,
        killed,
        steppedUp,
        50,
        0,
        botDisrupted,
        0.01,
        List.of(),
        new RankingMetrics(10, 100, 0.9, 0.5),
        Map.of());
  }

  private static final ModelOutcome ACTIVE = outcome(2, 40, 1);

  @Test
  void anEqualCandidatePasses() {
    assertThat(PublishGuard.check(ACTIVE, outcome(2, 40, 1))).isEmpty();
    assertThat(PublishGuard.check(ACTIVE, outcome(0, 10, 0))).isEmpty();
  }

  @Test
  void moreBenignKillsFail() {
    List<PublishGuard.Failure> f = PublishGuard.check(ACTIVE, outcome(3, 40, 1));
    assertThat(f)
        .extracting(PublishGuard.Failure::metric)
        .containsExactly("benign sessions killed");
    assertThat(f.get(0).detail()).isEqualTo("candidate 3, active 2 (of 2000)");
  }

  @Test
  void aHigherStepUpRateFailsBeyondTheTolerance() {
    // 40 of 2000 = 2.00%; 42 = 2.10% is within 0.1 pp, 43 = 2.15% is not
    assertThat(PublishGuard.check(ACTIVE, outcome(2, 42, 1))).isEmpty();
    List<PublishGuard.Failure> f = PublishGuard.check(ACTIVE, outcome(2, 43, 1));
    assertThat(f)
        .extracting(PublishGuard.Failure::metric)
        .containsExactly("benign step-up/hold rate");
    assertThat(f.get(0).detail())
        .isEqualTo(
            "candidate 2.15% (43), active 2.00% (40) of 2000: +0.15 pp, more than the 0.1 pp"
                + " allowed");
  }

  @Test
  void moreBotSessionsDisruptedFail() {
    List<PublishGuard.Failure> f = PublishGuard.check(ACTIVE, outcome(2, 40, 2));
    assertThat(f)
        .extracting(PublishGuard.Failure::metric)
        .containsExactly("bot sessions disrupted");
    assertThat(f.get(0).detail())
        .isEqualTo("candidate 2, active 1 (of 50 bot and market-maker sessions)");
  }

  @Test
  void everyFailingRuleIsNamed() {
    assertThat(PublishGuard.check(ACTIVE, outcome(9, 400, 9)))
        .extracting(PublishGuard.Failure::metric)
        .containsExactly(
            "benign sessions killed", "benign step-up/hold rate", "bot sessions disrupted");
  }
}
