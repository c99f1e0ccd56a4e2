package dev.vigil.core.volume;

import dev.vigil.core.model.VolumeSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Measures volumetric detectors on {@link LabelledSeries}: per detector, over a range of seeds, how
 * many anomalies were detected (an alarm, score >= {@link VolumeScorer#ALARM}, inside the anomaly's
 * window), the alarms per detected anomaly, the delay from an anomaly's start to its first alarm,
 * and the false alarms (alarms outside every window, after the two weeks of history) per day. One
 * pass per series and detector; memory that of one series.
 */
public final class OnsetEvaluation {
  private OnsetEvaluation() {}

  /** A detector under test and how to make one for each series. */
  public record Candidate(String name, Supplier<VolumeScorer> factory) {}

  /** What one detector did over a range of seeds. */
  public record Figures(
      String detector,
      long fromSeed,
      long toSeed,
      int sumMinutes,
      int anomalies,
      int detected,
      long alarmsInWindows,
      double medianDelayMinutes,
      double p90DelayMinutes,
      long falseAlarms,
      double days,
      int[] anomaliesByKind,
      int[] detectedByKind) {
    public double alarmsPerDetected() {
      return detected == 0 ? 0.0 : alarmsInWindows / (double) detected;
    }

    public double falseAlarmsPerDay() {
      return falseAlarms / days;
    }
  }

  /**
   * The detectors compared in models/README.md: the onset detector, the robust Holt-Winters score
   * it replaces in {@code vigil series}, a windowed Gaussian (2 hours, 3 sigma) and an EWMA chart
   * (lambda 0.2, L 3, mean and variance over about 200 points).
   */
  public static List<Candidate> candidates(VolumeSettings v) {
    return candidates(OnsetSettings.from(v), v);
  }

  /** As {@link #candidates(VolumeSettings)}, with the onset detector's settings given. */
  public static List<Candidate> candidates(OnsetSettings onset, VolumeSettings v) {
    return List.of(
        new Candidate("onset (CUSUM)", () -> new OnsetDetector(onset)),
        new Candidate("robust Holt-Winters", () -> new SeasonalRobustDetector(v)),
        new Candidate("windowed Gaussian", () -> new GaussianWindowDetector(120, 3.0)),
        new Candidate("EWMA chart", () -> new EwmaChartDetector(0.2, 3.0, 0.005, 120)));
  }

  /** Runs {@code candidate} on the series of seeds {@code fromSeed..toSeed} (inclusive). */
  public static Figures evaluate(Candidate candidate, long fromSeed, long toSeed) {
    return evaluate(candidate, fromSeed, toSeed, 1);
  }

  /**
   * As {@link #evaluate(Candidate, long, long)} on the series summed to one point per {@code
   * sumMinutes} (stamped at the start of its span; 1: the per-minute series as generated). A summed
   * point counts for an anomaly if its span meets the anomaly's window.
   */
  public static Figures evaluate(Candidate candidate, long fromSeed, long toSeed, int sumMinutes) {
    if (sumMinutes < 1 || sumMinutes > 1440) {
      throw new IllegalArgumentException("sumMinutes must be 1-1440, not " + sumMinutes);
    }
    long span = sumMinutes == 1 ? 1 : sumMinutes * LabelledSeries.MINUTE;
    int kinds = LabelledSeries.Kind.values().length;
    int[] byKind = new int[kinds];
    int[] detectedByKind = new int[kinds];
    List<Double> delays = new ArrayList<>();
    int anomalies = 0;
    long inWindows = 0;
    long falseAlarms = 0;
    double days = 0;
    for (long seed = fromSeed; seed <= toSeed; seed++) {
      LabelledSeries generated = LabelledSeries.generate(seed);
      LabelledSeries series =
          sumMinutes == 1 ? generated : generated.summed(sumMinutes * LabelledSeries.MINUTE);
      List<LabelledSeries.Anomaly> labels = series.anomalies;
      long[] first = new long[labels.size()];
      Arrays.fill(first, Long.MIN_VALUE);
      VolumeScorer detector = candidate.factory().get();
      for (int i = 0; i < series.times.length; i++) {
        long t = series.times[i];
        double score = detector.update(t, series.values[i]);
        if (score < VolumeScorer.ALARM || t + span <= series.evaluationStart) {
          continue;
        }
        int hit = -1;
        for (int a = 0; a < labels.size() && hit < 0; a++) {
          LabelledSeries.Anomaly l = labels.get(a);
          if (t + span > l.start() && t <= l.windowEnd()) {
            hit = a;
          }
        }
        if (hit < 0) {
          falseAlarms++;
        } else {
          inWindows++;
          if (first[hit] == Long.MIN_VALUE) {
            first[hit] = t;
          }
        }
      }
      for (int a = 0; a < labels.size(); a++) {
        int k = labels.get(a).kind().ordinal();
        byKind[k]++;
        anomalies++;
        if (first[a] != Long.MIN_VALUE) {
          detectedByKind[k]++;
          long delay = Math.max(0, first[a] - labels.get(a).start());
          delays.add(delay / (double) LabelledSeries.MINUTE);
        }
      }
      days += (series.evaluationEnd - series.evaluationStart) / (double) LabelledSeries.DAY;
    }
    double[] d = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Figures(
        candidate.name(),
        fromSeed,
        toSeed,
        sumMinutes,
        anomalies,
        d.length,
        inWindows,
        quantile(d, 0.5),
        quantile(d, 0.9),
        falseAlarms,
        days,
        byKind,
        detectedByKind);
  }

  private static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }

  /** A Markdown table, one row per figures, with detections per kind. */
  public static String table(List<Figures> rows) {
    StringBuilder b = new StringBuilder();
    b.append(
        "| detector | seeds | detected | alarms per detected anomaly | delay p50 / p90 (min)"
            + " | false alarms per day |");
    for (LabelledSeries.Kind k : LabelledSeries.Kind.values()) {
      b.append(' ').append(k.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" |");
    }
    b.append("\n|---|---|---|---|---|---|");
    b.append("---|".repeat(LabelledSeries.Kind.values().length)).append('\n');
    for (Figures f : rows) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d-%d%s | %d/%d | %.1f | %.0f / %.0f | %.2f |",
              f.detector(),
              f.fromSeed(),
              f.toSeed(),
              f.sumMinutes() == 1 ? "" : " (" + f.sumMinutes() + "-min sums)",
              f.detected(),
              f.anomalies(),
              f.alarmsPerDetected(),
              f.medianDelayMinutes(),
              f.p90DelayMinutes(),
              f.falseAlarmsPerDay()));
      for (int k = 0; k < f.anomaliesByKind().length; k++) {
        b.append(' ')
            .append(f.detectedByKind()[k])
            .append('/')
            .append(f.anomaliesByKind()[k])
            .append(" |");
      }
      b.append('\n');
    }
    return b.toString();
  }
}
