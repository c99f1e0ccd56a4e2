package dev.vigil.core.volume;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, labelled rate series for measuring volumetric detectors: five weeks of per-minute
 * counts of an API endpoint (a daily cycle peaking in the afternoon, weekends at about 65 %, growth
 * of a few percent a week, Poisson-like noise), sampled irregularly (each point 0-40 s late, 1 %
 * missing, a gap of 2-4 hours in the second week and one of 2.5 hours in the third), with ten
 * labelled anomalies after two weeks of history, two of each {@link Kind}, one every second day.
 *
 * <p>Each {@link Anomaly} has a start (where an alarm is due) and the end of the window in which
 * alarms count for it: spikes 30 min, level shifts 2 h, drifts the ramp plus 2 h, noise bursts
 * their length plus 30 min, daily-pattern changes one day (the first peak or trough of the new
 * pattern may come hours after its start). Changes of level, drifts and pattern changes last to the
 * end of the series: the new level is the normal from then on. Memory: 16 bytes a point (50,400
 * points, about 800 KB).
 */
public final class LabelledSeries {
  /** What an anomaly is. */
  public enum Kind {
    SPIKE,
    LEVEL_SHIFT,
    DRIFT,
    NOISE_BURST,
    PATTERN_CHANGE
  }

  /** A labelled anomaly: alarms at times in [start, windowEnd] count for it. */
  public record Anomaly(Kind kind, long start, long windowEnd) {}

  public static final long MINUTE = 60_000L;
  public static final long HOUR = 60 * MINUTE;
  public static final long DAY = 24 * HOUR;

  /** Monday 2026-01-05T00:00Z. */
  public static final long ORIGIN = 1_767_571_200_000L;

  static final int DAYS = 35;
  static final int HISTORY_DAYS = 14;

  public final long[] times;
  public final double[] values;
  public final List<Anomaly> anomalies;

  /** Alarms before this are the detector's learning period and not counted. */
  public final long evaluationStart;

  public final long evaluationEnd;

  private LabelledSeries(long[] t, double[] v, List<Anomaly> a) {
    times = t;
    values = v;
    anomalies = List.copyOf(a);
    evaluationStart = ORIGIN + HISTORY_DAYS * DAY;
    evaluationEnd = ORIGIN + DAYS * DAY;
  }

  /** The series of {@code seed}: the same seed gives the same series. */
  public static LabelledSeries generate(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double base = 40 + rnd.nextDouble() * 360;
    double noise = 1.0 + rnd.nextDouble();
    double growthPerWeek = rnd.nextDouble() * 0.06;
    long gap1 = ORIGIN + 8 * DAY + (long) (rnd.nextDouble() * 20 * HOUR);
    long gap1End = gap1 + 2 * HOUR + (long) (rnd.nextDouble() * 2 * HOUR);
    long gap2 = ORIGIN + 15 * DAY + 20 * HOUR + 30 * MINUTE;
    long gap2End = gap2 + 150 * MINUTE;

    Kind[] kinds = new Kind[10];
    for (int i = 0; i < 10; i++) {
      kinds[i] = Kind.values()[i % 5];
    }
    for (int i = kinds.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      Kind k = kinds[i];
      kinds[i] = kinds[j];
      kinds[j] = k;
    }
    Change[] changes = new Change[10];
    List<Anomaly> labels = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      long start =
          ORIGIN + (HISTORY_DAYS + 2L * i) * DAY + 2 * HOUR + (long) (rnd.nextDouble() * 18 * HOUR);
      start -= start % MINUTE;
      Change c = new Change(kinds[i], start, rnd);
      changes[i] = c;
      labels.add(new Anomaly(c.kind, start, start + c.window));
    }

    int capacity = DAYS * 1440;
    long[] t = new long[capacity];
    double[] v = new double[capacity];
    int n = 0;
    for (int m = 0; m < capacity; m++) {
      long nominal = ORIGIN + m * MINUTE;
      double late = rnd.nextDouble();
      double drop = rnd.nextDouble();
      double gauss =
          rnd.nextDouble()
              + rnd.nextDouble()
              + rnd.nextDouble()
              + rnd.nextDouble()
              + rnd.nextDouble()
              + rnd.nextDouble()
              - 3.0;
      gauss *= Math.sqrt(2.0);
      if (drop < 0.01
          || (nominal >= gap1 && nominal < gap1End)
          || (nominal >= gap2 && nominal < gap2End)) {
        continue;
      }
      long time = nominal + (long) (late * 40_000);
      double level = base * (1 + growthPerWeek * (nominal - ORIGIN) / (7.0 * DAY));
      double amplitude = 1;
      double phaseHours = 0;
      double noiseMultiplier = 1;
      double extra = 0;
      for (Change c : changes) {
        if (nominal < c.start) {
          continue;
        }
        long since = nominal - c.start;
        switch (c.kind) {
          case SPIKE -> {
            if (since < c.length) {
              extra += c.size;
            }
          }
          case LEVEL_SHIFT -> level *= c.size;
          case DRIFT -> level *= 1 + (c.size - 1) * Math.min(1.0, since / (double) c.length);
          case NOISE_BURST -> noiseMultiplier *= since < c.length ? c.size : 1;
          case PATTERN_CHANGE -> {
            if (c.size > 0) {
              amplitude *= c.size;
            } else {
              phaseHours += -c.size;
            }
          }
        }
      }
      double hour = ((nominal - ORIGIN) % DAY) / (double) HOUR - phaseHours;
      double shape =
          1
              + 0.6 * amplitude * Math.sin(2 * Math.PI * (hour - 10) / 24)
              + 0.15 * Math.sin(4 * Math.PI * (hour - 7) / 24);
      long dayIndex = (nominal - ORIGIN) / DAY;
      double weekday = dayIndex % 7 >= 5 ? 0.65 : 1.0;
      double mean = Math.max(1.0, level * Math.max(0.05, shape) * weekday);
      double sd = noise * Math.sqrt(mean);
      t[n] = time;
      v[n] = Math.max(0.0, mean + sd * noiseMultiplier * gauss + extra * sd);
      n++;
    }
    return new LabelledSeries(java.util.Arrays.copyOf(t, n), java.util.Arrays.copyOf(v, n), labels);
  }

  /**
   * The same series summed to one point per {@code stepMillis} (stamped at the start of its step;
   * steps without points are left out), as metrics systems aggregate counts; the same labels.
   */
  public LabelledSeries summed(long stepMillis) {
    long[] t = new long[times.length];
    double[] v = new double[times.length];
    int n = -1;
    for (int i = 0; i < times.length; i++) {
      long step = times[i] - Math.floorMod(times[i], stepMillis);
      if (n < 0 || t[n] != step) {
        t[++n] = step;
      }
      v[n] += values[i];
    }
    return new LabelledSeries(
        java.util.Arrays.copyOf(t, n + 1), java.util.Arrays.copyOf(v, n + 1), anomalies);
  }

  /** One planted anomaly and how big it is. */
  private static final class Change {
    final Kind kind;
    final long start;
    final long length;
    final double size;
    final long window;

    Change(Kind kind, long start, SplittableRandom rnd) {
      this.kind = kind;
      this.start = start;
      switch (kind) {
        case SPIKE -> {
          length = (1 + rnd.nextInt(3)) * MINUTE;
          size = 6 + rnd.nextDouble() * 10; // noise sds on top of the usual
          window = 30 * MINUTE;
        }
        case LEVEL_SHIFT -> {
          length = 0;
          size = rnd.nextBoolean() ? 1.3 + rnd.nextDouble() * 0.4 : 0.55 + rnd.nextDouble() * 0.2;
          window = 2 * HOUR;
        }
        case DRIFT -> {
          length = 6 * HOUR + (long) (rnd.nextDouble() * 6 * HOUR);
          size = 1.4 + rnd.nextDouble() * 0.4;
          window = length + 2 * HOUR;
        }
        case NOISE_BURST -> {
          length = 30 * MINUTE + (long) (rnd.nextDouble() * 30 * MINUTE);
          size = 4 + rnd.nextDouble() * 2;
          window = length + 30 * MINUTE;
        }
        default -> {
          length = 0;
          // amplitude x1.3-1.5, or the daily cycle 1-2 hours later (size < 0: hours of delay)
          size = rnd.nextBoolean() ? 1.3 + rnd.nextDouble() * 0.2 : -(1 + rnd.nextDouble());
          window = DAY;
        }
      }
    }
  }
}
