package dev.vigil.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * What the report and comparison charts add so a reader is not misled: the number of sessions
 * behind each reliability point (a four-point curve over 3 sessions reads very differently from one
 * over 3,000), a floor for the log-scale time axis (0 s cannot be drawn on it), and an explicit
 * mark for scenarios that were never acted on, which would otherwise be drawn as nothing.
 */
final class ChartMarks {
  /** Seconds drawn for an action at the takeover itself: the log-scale axis cannot show 0. */
  static final double SECONDS_FLOOR = 0.1;

  /** The name of the series, and the suffix of the scenario label, for scenarios never acted on. */
  static final String NOT_DETECTED = "not detected";

  private ChartMarks() {}

  /** One reliability point and the sessions (or events) in its bin. */
  record Point(double x, double y, int count) {
    String label() {
      return "n=" + count;
    }
  }

  /** The points of the non-empty bins, each with its count. */
  static List<Point> reliabilityPoints(List<ReliabilityBin> bins) {
    List<Point> points = new ArrayList<>();
    for (ReliabilityBin b : bins) {
      if (b.sessions() > 0 && b.meanProbability() != null && b.observedRate() != null) {
        points.add(new Point(b.meanProbability(), b.observedRate(), b.sessions()));
      }
    }
    return points;
  }

  /**
   * Adds {@code points} as a series named {@code name} and writes each point's count beside it
   * ({@code yOffset} above, so two models' labels do not sit on each other); nothing when empty.
   */
  static void addReliability(XYChart chart, String name, List<Point> points, double yOffset) {
    if (points.isEmpty()) {
      return;
    }
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    int total = 0;
    for (Point p : points) {
      x.add(p.x());
      y.add(p.y());
      total += p.count();
      double at = Math.max(0.02, Math.min(0.98, p.y() + yOffset));
      chart.addAnnotation(new AnnotationText(p.label(), p.x(), at, false));
    }
    chart.addSeries(
        String.format(Locale.ROOT, "%s (n=%d over %d bins)", name, total, x.size()), x, y);
  }

  /** {@code seconds} as drawn on a log axis: null stays null (no bar), 0 becomes the floor. */
  static Double onLogAxis(Double seconds) {
    return seconds == null ? null : Math.max(SECONDS_FLOOR, seconds);
  }

  /**
   * Adds the "not detected" series: a red cross at {@code top} over each category whose entry in
   * {@code undetected} is true, nothing elsewhere. Added only when some category is undetected.
   */
  static void addNotDetected(
      CategoryChart chart, List<String> names, List<Boolean> undetected, double top) {
    addNotDetected(chart, NOT_DETECTED, names, undetected, top);
  }

  /** As above, with the series named {@code series} (one per model in a comparison). */
  static void addNotDetected(
      CategoryChart chart,
      String series,
      List<String> names,
      List<Boolean> undetected,
      double top) {
    if (!undetected.contains(Boolean.TRUE)) {
      return;
    }
    List<Double> y = new ArrayList<>();
    for (Boolean u : undetected) {
      y.add(u ? top : null);
    }
    CategorySeries s = chart.addSeries(series, names, y);
    s.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
    s.setMarker(SeriesMarkers.CROSS);
    s.setMarkerColor(java.awt.Color.RED);
  }
}
