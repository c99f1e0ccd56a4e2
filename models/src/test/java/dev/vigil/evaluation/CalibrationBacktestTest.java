package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calibration of the default model on held-out simulated traffic: 1,000 accounts with five days of
 * history, then four hours at the default preset's base rate (about 1% of accounts attacked), seed
 * 9. The model's values were chosen by looking at seeds 1 to 8 and 11 only (seeds 6 to 8 were held
 * out in turn until a choice was made after looking at them: see models/artifacts/README.md), and
 * nothing is fitted here, so this seed is a test set.
 *
 * <p>The unit is the one the probability claims (see {@link EventCalibration}): after each event of
 * a session, whether the session is now controlled by someone other than its owner, each session
 * weighing 1. The table's per-session maximum is checked too. Calibration holds for the base rate
 * it is measured at: on the attack-rich traffic of {@link ScenarioBacktestTest}, where about a
 * third of the sessions are hostile, the same probabilities are under-confident by design (the
 * prior is the real-world one).
 */
class CalibrationBacktestTest {
  private static Backtest.Result run;

  @BeforeAll
  static void replay() {
    run = BacktestFixtures.run(1000, 4 * BacktestFixtures.HOUR, 9, BacktestFixtures.REALISTIC);
    System.out.println(run.table());
  }

  @AfterAll
  static void release() {
    // Surefire runs every class in one JVM: let the next class have the heap.
    run = null;
  }

  @Test
  void perEventProbabilityHasExpectedCalibrationErrorAtMostFivePercent() {
    EventCalibration c = run.eventCalibration();
    assertThat(c.sessions()).isGreaterThan(200);
    assertThat(c.expectedCalibrationError()).isLessThanOrEqualTo(0.05);
  }

  @Test
  void sessionMaximumProbabilityHasExpectedCalibrationErrorAtMostFivePercent() {
    Calibration c = run.report().calibration();
    assertThat(c.expectedCalibrationError()).isLessThanOrEqualTo(0.05);
  }

  @Test
  void theTestIsNotVacuousAttackedSessionsReachTheTopBin() {
    long compromised = run.labels().stream().filter(l -> !l.warmup() && l.compromised()).count();
    assertThat(compromised).isGreaterThanOrEqualTo(5);
    ReliabilityBin top = run.report().calibration().bins().get(9);
    assertThat(top.sessions()).isGreaterThanOrEqualTo(2);
    assertThat(top.observedRate()).isGreaterThanOrEqualTo(0.5);
  }
}
