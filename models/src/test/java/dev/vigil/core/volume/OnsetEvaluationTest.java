package dev.vigil.core.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.volume.OnsetEvaluation.Figures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The figures of models/README.md, "Volumetric detector: alarms at onsets": the onset detector
 * against the robust Holt-Winters score it replaces and two classic baselines on seeded {@link
 * LabelledSeries}, tuned on seeds 1-10 and reported on held-out seeds 11-30 too. The exact counts
 * are pinned so that any change of the detector or the generator shows here; the table is printed
 * (run this test to see it).
 */
class OnsetEvaluationTest {
  private static List<Figures> evaluate(long from, long to) {
    return evaluate(from, to, 1);
  }

  private static List<Figures> evaluate(long from, long to, int sumMinutes) {
    List<Figures> rows =
        OnsetEvaluation.candidates(RiskModelLoader.defaults().volume).stream()
            .map(c -> OnsetEvaluation.evaluate(c, from, to, sumMinutes))
            .toList();
    System.out.print(OnsetEvaluation.table(rows));
    return rows;
  }

  /** detected, alarms in windows, false alarms; one row per candidate. */
  private static long[][] counts(List<Figures> rows) {
    return rows.stream()
        .map(f -> new long[] {f.detected(), f.alarmsInWindows(), f.falseAlarms()})
        .toArray(long[][]::new);
  }

  private static void assertOnsetDetectorWins(List<Figures> rows) {
    Figures onset = rows.get(0);
    assertThat(onset.alarmsPerDetected()).isBetween(1.0, 1.3);
    for (Figures baseline : rows.subList(1, rows.size())) {
      assertThat(onset.falseAlarmsPerDay())
          .as("false alarms per day against %s", baseline.detector())
          .isLessThan(baseline.falseAlarmsPerDay() / 3);
      assertThat(onset.alarmsPerDetected()).isLessThan(baseline.alarmsPerDetected());
      assertThat(onset.detected())
          .as("detected against %s", baseline.detector())
          .isGreaterThanOrEqualTo((int) (0.85 * baseline.detected()));
    }
  }

  @Test
  void onTheTuningSeedsTheOnsetDetectorAlarmsAboutOncePerAnomalyWithFewerFalseAlarms() {
    List<Figures> rows = evaluate(1, 10);

    // detected, alarms in windows, false alarms: onset, robust Holt-Winters, Gaussian, EWMA
    assertThat(counts(rows))
        .isDeepEqualTo(
            new long[][] {{86, 102, 94}, {69, 146, 431}, {92, 747, 2682}, {86, 18765, 92683}});
    assertOnsetDetectorWins(rows);
  }

  @Test
  void onHeldOutSeedsTheOnsetDetectorStillAlarmsAboutOncePerAnomalyWithFewerFalseAlarms() {
    List<Figures> rows = evaluate(11, 30);

    assertThat(counts(rows))
        .isDeepEqualTo(
            new long[][] {
              {177, 199, 168}, {147, 367, 1023}, {187, 1607, 5131}, {175, 37342, 195032}
            });
    assertOnsetDetectorWins(rows);
  }

  /**
   * Summed to 5-minute points (the sampling of many public benchmarks), with the limits tuned on
   * per-minute points, the detector still alarms about once per anomaly and detects more than the
   * robust Holt-Winters score and the windowed Gaussian with fewer false alarms than the Gaussian,
   * but detects fewer anomalies than per minute: a 1-3 minute spike or a short burst of noise is
   * diluted by the sum; the EWMA chart detects more at 200 times the false alarms
   * (models/README.md).
   */
  @Test
  void onFiveMinuteSumsTheOnsetDetectorStillAlarmsAboutOncePerAnomalyButDetectsFewer() {
    List<Figures> rows = evaluate(11, 30, 5);

    assertThat(counts(rows))
        .isDeepEqualTo(
            new long[][] {{114, 128, 223}, {52, 107, 146}, {87, 477, 2320}, {161, 9869, 43036}});
    Figures onset = rows.get(0);
    assertThat(onset.alarmsPerDetected()).isBetween(1.0, 1.3);
    assertThat(onset.falseAlarmsPerDay()).isLessThan(rows.get(2).falseAlarmsPerDay() / 5);
    assertThat(onset.detected()).isGreaterThan(rows.get(1).detected());
    assertThat(onset.detected()).isGreaterThan(rows.get(2).detected());
    assertThat(onset.detected()).isLessThan(evaluate(11, 30).get(0).detected());
  }
}
