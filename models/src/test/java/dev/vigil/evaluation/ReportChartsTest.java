package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;

/** The report's charts carry counts, a log time axis and explicit "not detected" marks. */
class ReportChartsTest {
  private static CompromiseMetrics scenario(
      String name, int sessions, int detected, Double median, Double p95) {
    Distribution seconds =
        median == null ? new Distribution(0, null, null) : new Distribution(detected, median, p95);
    return new CompromiseMetrics(
        name, sessions, detected, null, detected, seconds, seconds, 0, 0, 0);
  }

  private static EvaluationReport report(List<CompromiseMetrics> scenarios, Calibration c) {
    return new EvaluationReport(
        10, 3, 0, scenarios, List.of(), List.of(), List.of(), c, List.of(), 0, 0, List.of(),
        List.of());
  }

  private static final EvaluationReport MIXED =
      report(
          List.of(
              scenario("token_hijack", 4, 4, 0.0, 0.5),
              scenario("careful_takeover", 3, 0, null, null),
              scenario("credential_stuffing", 2, 1, 120.0, 600.0)),
          new Calibration(
              40,
              0,
              List.of(
                  new ReliabilityBin(0.0, 0.1, 30, 0.02, 0.0),
                  new ReliabilityBin(0.1, 0.2, 0, null, null),
                  new ReliabilityBin(0.9, 1.0, 10, 0.95, 0.9)),
              0.03));

  @Test
  void aScenarioNeverActedOnIsLabelledAndMarkedNotDetectedInsteadOfDrawnAsNothing() {
    CategoryChart chart = ReportCharts.timeToAction(MIXED);

    assertThat(chart.getSeriesMap()).containsKeys("median", "p95", ChartMarks.NOT_DETECTED);
    CategorySeries mark = chart.getSeriesMap().get(ChartMarks.NOT_DETECTED);
    assertThat(List.<Object>copyOf(mark.getXData()))
        .containsExactly(
            "token_hijack (4/4)",
            "careful_takeover (0/3, not detected)",
            "credential_stuffing (1/2)");
    List<?> y = java.util.Arrays.asList(mark.getYData().toArray());
    assertThat(y.get(0)).isNull();
    assertThat(y.get(2)).isNull();
    // Above the slowest p95 drawn, so the cross is not mistaken for a time.
    assertThat(((Number) y.get(1)).doubleValue()).isGreaterThan(600.0);
  }

  @Test
  void theTimeAxisIsLogarithmicAndAnActionAtTakeoverIsDrawnAtItsFloorNotAtZero() {
    CategoryChart chart = ReportCharts.timeToAction(MIXED);

    assertThat(chart.getStyler().isYAxisLogarithmic()).isTrue();
    List<? extends Number> median =
        List.copyOf(
            chart.getSeriesMap().get("median").getYData().stream()
                .filter(java.util.Objects::nonNull)
                .toList());
    assertThat(median).extracting(Number::doubleValue).containsExactly(0.1, 120.0);
  }

  @Test
  void everyReliabilityPointCarriesTheSessionsOfItsBinAndEmptyBinsAreLeftOut() {
    assertThat(ChartMarks.reliabilityPoints(MIXED.calibration().bins()))
        .extracting(ChartMarks.Point::label)
        .containsExactly("n=30", "n=10");
    XYChart chart = ReportCharts.reliability(MIXED.calibration());
    assertThat(chart.getSeriesMap()).containsKey("Vigil (n=40 over 2 bins)");
  }

  @Test
  void theChartsRenderWithTheMarksAndWithNoScenarioAtAll(@TempDir Path dir) throws Exception {
    assertThat(ReportCharts.write(MIXED, dir)).hasSize(2);
    assertThat(ImageIO.read(dir.resolve(ReportCharts.TIME_TO_ACTION).toFile()).getWidth())
        .isEqualTo(900);

    Path empty = dir.resolve("empty");
    java.nio.file.Files.createDirectories(empty);
    assertThat(ReportCharts.write(report(List.of(), null), empty)).hasSize(1);
    assertThat(ImageIO.read(empty.resolve(ReportCharts.TIME_TO_ACTION).toFile()).getHeight())
        .isEqualTo(500);
  }
}
