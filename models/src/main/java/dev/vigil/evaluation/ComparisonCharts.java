package dev.vigil.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of a {@link ModelComparison}, A beside B, drawn with XChart headless: the share of
 * each scenario's takeovers acted on in time, the share of each population's benign sessions
 * stepped up or held and killed, and both per-event reliability diagrams. A scenario a model never
 * acted on in time carries a "not detected" cross, and each reliability point the events of its bin
 * ({@link ChartMarks}).
 */
public final class ComparisonCharts {
  public static final String TAKEOVERS = "takeovers_in_time.png";
  public static final String BENIGN = "benign_actions.png";
  public static final String RELIABILITY = "reliability.png";

  private ComparisonCharts() {}

  /** Writes the charts into {@code dir}; returns the files written. */
  public static List<Path> write(ModelComparison.Result r, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Path> written = new ArrayList<>();
    written.add(save(takeovers(r), dir.resolve(TAKEOVERS)));
    written.add(save(benign(r), dir.resolve(BENIGN)));
    Path rel = dir.resolve(RELIABILITY);
    BitmapEncoder.saveBitmap(reliability(r), rel.toString(), BitmapEncoder.BitmapFormat.PNG);
    written.add(rel);
    return written;
  }

  private static Path save(CategoryChart chart, Path file) throws IOException {
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }

  static CategoryChart takeovers(ModelComparison.Result r) {
    CategoryChart chart =
        bars("Takeovers acted on before the attacker's last request", "% of sessions");
    List<String> names = new ArrayList<>();
    for (ModelOutcome.ScenarioOutcome s : r.a().scenarios()) {
      names.add(s.scenario() + " (" + s.sessions() + ")");
    }
    addSeries(chart, names, "A " + r.a().model(), r.a().scenarios(), ComparisonCharts::inTime);
    addSeries(chart, names, "B " + r.b().model(), r.b().scenarios(), ComparisonCharts::inTime);
    // A scenario a model never acted on in time is a bar of height 0, drawn as nothing: mark it.
    double[] at = {2, 5};
    int i = 0;
    for (ModelOutcome o : List.of(r.a(), r.b())) {
      List<Boolean> never = new ArrayList<>();
      for (ModelOutcome.ScenarioOutcome s : o.scenarios()) {
        never.add(s.sessions() > 0 && s.actedInTime() == 0);
      }
      String tag = (o == r.a() ? "A " : "B ") + ChartMarks.NOT_DETECTED;
      ChartMarks.addNotDetected(chart, tag, names, never, at[i++]);
    }
    return chart;
  }

  static CategoryChart benign(ModelComparison.Result r) {
    CategoryChart chart = bars("Benign sessions acted on (warm-up included)", "% of sessions");
    List<String> names = new ArrayList<>();
    for (ModelOutcome.PopulationOutcome p : r.a().populations()) {
      names.add(p.population() + " (" + p.sessions() + ")");
    }
    for (ModelOutcome o : List.of(r.a(), r.b())) {
      String tag = (o == r.a() ? "A " : "B ") + o.model();
      addSeries(
          chart,
          names,
          tag + " stepped up/held",
          o.populations(),
          p -> share(p.steppedUpOrHeld(), p.sessions()));
      addSeries(
          chart, names, tag + " killed", o.populations(), p -> share(p.killed(), p.sessions()));
    }
    return chart;
  }

  static XYChart reliability(ModelComparison.Result r) {
    XYChart chart =
        new XYChartBuilder()
            .width(600)
            .height(600)
            .title(
                String.format(
                    Locale.ROOT,
                    "Per-event reliability (ECE A %.4f, B %.4f)",
                    r.a().calibrationError(),
                    r.b().calibrationError()))
            .xAxisTitle("mean predicted probability")
            .yAxisTitle("observed share under attack")
            .build();
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    XYSeries ideal = chart.addSeries("perfect", new double[] {0, 1}, new double[] {0, 1});
    ideal.setMarker(SeriesMarkers.NONE);
    double offset = 0.03;
    for (ModelOutcome o : List.of(r.a(), r.b())) {
      ChartMarks.addReliability(
          chart,
          (o == r.a() ? "A " : "B ") + o.model(),
          ChartMarks.reliabilityPoints(o.calibrationBins()),
          offset);
      offset = -offset;
    }
    return chart;
  }

  private static CategoryChart bars(String title, String yAxis) {
    CategoryChart chart =
        new CategoryChartBuilder().width(900).height(500).title(title).yAxisTitle(yAxis).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setXAxisLabelRotation(30);
    chart.getStyler().setYAxisMin(0.0);
    return chart;
  }

  private static <T> void addSeries(
      CategoryChart chart,
      List<String> names,
      String series,
      List<T> rows,
      ToDoubleFunction<T> value) {
    List<String> x = names.isEmpty() ? List.of("(none)") : names;
    List<Double> y = new ArrayList<>();
    for (T row : rows) {
      y.add(value.applyAsDouble(row));
    }
    if (y.isEmpty()) {
      y.add(0.0);
    }
    chart.addSeries(series, x, y);
  }

  private static double inTime(ModelOutcome.ScenarioOutcome s) {
    return share(s.actedInTime(), s.sessions());
  }

  private static double share(int k, int n) {
    return n == 0 ? 0 : 100.0 * k / n;
  }
}
