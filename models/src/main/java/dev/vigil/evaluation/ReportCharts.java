package dev.vigil.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of a report, drawn with XChart headless: seconds from takeover to action per scenario
 * (median and 95th percentile), and the reliability diagram when calibration is present.
 */
public final class ReportCharts {
  public static final String TIME_TO_ACTION = "time_to_action.png";
  public static final String RELIABILITY = "reliability.png";

  private ReportCharts() {}

  /** Writes the charts into {@code dir}; returns the files written. */
  public static List<Path> write(EvaluationReport report, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Path> written = new ArrayList<>();
    Path t = dir.resolve(TIME_TO_ACTION);
    BitmapEncoder.saveBitmap(timeToAction(report), t.toString(), BitmapEncoder.BitmapFormat.PNG);
    written.add(t);
    if (report.calibration() != null) {
      Path r = dir.resolve(RELIABILITY);
      BitmapEncoder.saveBitmap(
          reliability(report.calibration()), r.toString(), BitmapEncoder.BitmapFormat.PNG);
      written.add(r);
    }
    return written;
  }

  static CategoryChart timeToAction(EvaluationReport report) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(900)
            .height(500)
            .title("Time from takeover to step-up or kill")
            .xAxisTitle("scenario")
            .yAxisTitle("seconds")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setXAxisLabelRotation(30);
    List<String> names = new ArrayList<>();
    List<Double> median = new ArrayList<>();
    List<Double> p95 = new ArrayList<>();
    for (CompromiseMetrics m : report.scenarios()) {
      names.add(m.scenario());
      median.add(m.secondsToAction().median() == null ? 0.0 : m.secondsToAction().median());
      p95.add(m.secondsToAction().p95() == null ? 0.0 : m.secondsToAction().p95());
    }
    if (names.isEmpty()) {
      names.add("(no compromise)");
      median.add(0.0);
      p95.add(0.0);
    }
    chart.addSeries("median", names, median);
    chart.addSeries("p95", names, p95);
    return chart;
  }

  static XYChart reliability(Calibration c) {
    XYChart chart =
        new XYChartBuilder()
            .width(600)
            .height(600)
            .title(
                String.format(
                    java.util.Locale.ROOT, "Reliability (ECE %.4f)", c.expectedCalibrationError()))
            .xAxisTitle("mean predicted probability")
            .yAxisTitle("observed compromise rate")
            .build();
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    XYSeries ideal = chart.addSeries("perfect", new double[] {0, 1}, new double[] {0, 1});
    ideal.setMarker(SeriesMarkers.NONE);
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (ReliabilityBin b : c.bins()) {
      if (b.sessions() > 0) {
        x.add(b.meanProbability());
        y.add(b.observedRate());
      }
    }
    if (!x.isEmpty()) {
      chart.addSeries("Vigil", x, y);
    }
    return chart;
  }
}
