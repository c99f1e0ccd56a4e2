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
 * (median and 95th percentile, log scale, never-detected scenarios marked), and the reliability
 * diagram with the sessions of each bin when calibration is present.
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

  /**
   * Median and 95th percentile of the seconds from takeover to the first step-up or kill, per
   * scenario, on a log-scale axis so actions within a second stay visible beside ones after minutes
   * (an action at the takeover itself is drawn at {@link ChartMarks#SECONDS_FLOOR}). Each scenario
   * is labelled with its sessions detected in time of its sessions; a scenario never acted on is
   * labelled "not detected" and marked with a red cross at the top of the axis.
   */
  static CategoryChart timeToAction(EvaluationReport report) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(900)
            .height(500)
            .title("Time from takeover to step-up or kill")
            .xAxisTitle("scenario (detected in time / sessions)")
            .yAxisTitle("seconds (log scale)")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setXAxisLabelRotation(30);
    chart.getStyler().setYAxisLogarithmic(true);
    List<String> names = new ArrayList<>();
    List<Double> median = new ArrayList<>();
    List<Double> p95 = new ArrayList<>();
    List<Boolean> undetected = new ArrayList<>();
    double top = 10 * ChartMarks.SECONDS_FLOOR;
    for (CompromiseMetrics m : report.scenarios()) {
      boolean never = m.secondsToAction().median() == null;
      names.add(
          m.scenario()
              + " ("
              + m.detected()
              + "/"
              + m.sessions()
              + (never ? ", " + ChartMarks.NOT_DETECTED : "")
              + ")");
      median.add(ChartMarks.onLogAxis(m.secondsToAction().median()));
      p95.add(ChartMarks.onLogAxis(m.secondsToAction().p95()));
      undetected.add(never);
      if (!never) {
        top = Math.max(top, 2 * ChartMarks.onLogAxis(m.secondsToAction().p95()));
      }
    }
    if (names.isEmpty()) {
      names.add("(no compromise)");
      median.add(null);
      p95.add(null);
      undetected.add(false);
    }
    // Bars start at the axis minimum; XChart takes 0 unless told, which a log axis cannot draw.
    chart.getStyler().setYAxisMin(ChartMarks.SECONDS_FLOOR / 2).setYAxisMax(2 * top);
    chart.addSeries("median", names, median);
    chart.addSeries("p95", names, p95);
    ChartMarks.addNotDetected(chart, names, undetected, top);
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
    ChartMarks.addReliability(chart, "Vigil", ChartMarks.reliabilityPoints(c.bins()), 0.03);
    return chart;
  }
}
