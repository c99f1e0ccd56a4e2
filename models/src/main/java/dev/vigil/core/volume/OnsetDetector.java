package dev.vigil.core.volume;

import java.util.Arrays;

/**
 * Volumetric detector whose score is an alarm: high at the point where a change begins (a surge, a
 * drop, a level shift, a drift, a change of the daily pattern, a burst of noise), 0 again while the
 * new level lasts. The baseline it compares against and the deviation from it are read with {@link
 * #expected()} and {@link #lastZ()} ({@code vigil series} writes them as columns).
 *
 * <p><b>Scale.</b> Values are modelled as {@code sign(x) log(1 + |x|)}: traffic changes are
 * multiplicative (a level shift of +40 % lifts the peak more than the night), so on a log scale one
 * re-base fits the whole day. Zero and negative values are allowed.
 *
 * <p><b>Baseline.</b> Additive Holt-Winters on that scale (Winters, Management Science 6(3), 1960)
 * with a daily profile of {@code bucketsPerDay} time-of-day offsets and a weekly profile of {@code
 * 7 x bucketsPerDay} day-and-time offsets for what differs by day of the week (double seasonality:
 * Taylor, J. Operational Research Society 54, 2003). The daily profile is read and taught by linear
 * interpolation between the nearest bucket centres (a steep morning ramp is not a staircase); the
 * weekly one is not (a weekend starts at midnight). It is made robust as in Gelper, Fried and Croux
 * (J. Forecasting 29, 2010): residuals are Huber-clipped at {@code clipSigmas} before they update
 * anything, and the scale is an EWMA of the clipped absolute residual, one per time-of-day bucket,
 * with sigma = 1.2533 x mean absolute residual (exact for Gaussian noise). Rates are per unit of
 * time, so irregular sampling and gaps (a point after a gap moves things at most one bucket's
 * worth) do not change what is learned. The profiles are taught by a seasonal learner with a level
 * of its own that is never re-based, so a weekend (re-based at its start like any change) still
 * teaches the weekly profile; the first days and weeks learn at the rate of a running mean. Trends
 * are followed by the level: a slope smaller than k sigma per point is absorbed with a lag of slope
 * / rate.
 *
 * <p><b>Onsets.</b> A two-sided CUSUM (Page, "Continuous inspection schemes", Biometrika 41, 1954)
 * on the standardised residual z, {@code S+ = max(0, S+ + z - k)}, {@code S- = max(0, S- - z - k)},
 * alarms when either exceeds h; a single point beyond {@code spikeSigmas} alarms at once (the
 * combined Shewhart-CUSUM scheme of Lucas, J. Quality Technology 14(2), 1982). With k = 1, h = 6 a
 * shift of 3 sigma is seen at its 4th point and one of 7 sigma at once; with a known sigma,
 * Gaussian noise would alarm about once in 4 x 10^5 points (Siegmund's approximation of the CUSUM's
 * run length), but sigma is estimated, and on per-minute Poisson traffic about once in 7,000 points
 * (0.2 a day) was measured (models/README.md). At an alarm the score is {@code 0.5 + 0.5 (1 -
 * exp(-excess / h))}, in [0.5, 1), with the excess over whichever limit was crossed; every other
 * point scores 0. Then the baseline stops learning for {@code confirmPoints} points (the restart
 * after an alarm of a repeated CUSUM; Basseville and Nikiforov, "Detection of Abrupt Changes",
 * 1993, ch. 2): if the median residual of those points is beyond {@code confirmSigmas} the level is
 * re-based by it (the new level is the baseline from then on and does not alarm again), and for
 * {@code settleMillis} the level follows the data faster while a changed daily pattern is learned;
 * if not, it was a transient (a spike) and the baseline is kept. If the spread of those points is
 * more than {@code noiseBurstRatio} times the scale (a burst of noise), the scale is widened to it
 * and relaxes at {@code scaleBeta} per point. An alarm within {@code followUpMillis} of the
 * previous one is a follow-up of the same change and scores 0.25.
 *
 * <p><b>Bounds.</b> O(1) per point (a log1p per point; an exp and a sort of {@code confirmPoints}
 * values per alarm), no allocation after construction; memory 8 x (9 x bucketsPerDay +
 * confirmPoints) bytes plus about 150 (3.7 KB with 48 buckets and 15 confirmation points). A value
 * that is not finite scores 0 and is not learned from; a time earlier than the last is taken as the
 * last. Not thread-safe. Cost per point: {@code ScoringBenchmark.onsetPoint} (how to run it: that
 * class's javadoc).
 */
public final class OnsetDetector implements VolumeScorer {
  private static final long DAY_MILLIS = 86_400_000L;
  private static final long WEEK_MILLIS = 7 * DAY_MILLIS;
  private static final double SIGMA_PER_MEAN_ABS = 1.2533;
  private static final double FOLLOW_UP_SCORE = 0.25;
  private static final double MAX_SCORE = Math.nextDown(1.0);

  private final OnsetSettings s;
  private final boolean counts;
  private final int buckets;
  private final long bucketMillis;
  private final double[] daily;
  private final double[] weekly;
  private final double[] scale;
  private final double[] hold;
  private double seasonLevel;
  private double level;
  private double globalScale;
  private long firstTime;
  private long lastTime;
  private long points;
  private double cusumUp;
  private double cusumDown;
  private int holding = -1;
  private double lastZ;
  private double lastExpected;
  private long alarms;
  private long lastAlarm;
  private long lastChange = Long.MIN_VALUE / 2;

  public OnsetDetector(OnsetSettings settings) {
    this(settings, false);
  }

  /**
   * @param counts whether the series counts events per interval (requests, errors a minute): its
   *     deviation is then never taken as smaller than Poisson counting noise, {@code sqrt(expected
   *     + 1)} in the series' units (the +1 keeps a count of one or two over an empty baseline from
   *     being a many-sigma event: on a series that is almost always 0, the learned scale shrinks to
   *     {@code minScale} and a single error would otherwise score hundreds of sigmas)
   */
  public OnsetDetector(OnsetSettings settings, boolean counts) {
    s = settings;
    this.counts = counts;
    buckets = settings.bucketsPerDay();
    bucketMillis = DAY_MILLIS / buckets;
    daily = new double[buckets];
    weekly = new double[7 * buckets];
    scale = new double[buckets];
    Arrays.fill(scale, Double.NaN);
    hold = new double[Math.max(1, settings.confirmPoints())];
  }

  @Override
  public double update(long timeMillis, double raw) {
    if (!Double.isFinite(raw)) {
      return 0.0;
    }
    double value = Math.copySign(Math.log1p(Math.abs(raw)), raw);
    long ofWeek = Math.floorMod(timeMillis, WEEK_MILLIS);
    long ofDay = ofWeek % DAY_MILLIS;
    int b = (int) Math.min(buckets - 1, ofDay / bucketMillis);
    int w = (int) (ofWeek / DAY_MILLIS) * buckets + b;
    double position = ofDay / (double) bucketMillis - 0.5;
    if (position < 0) {
      position += buckets;
    }
    int d0 = Math.min(buckets - 1, (int) position);
    double frac = position - d0;
    int d1 = d0 + 1 == buckets ? 0 : d0 + 1;
    double step;
    if (points == 0) {
      level = value;
      seasonLevel = value;
      globalScale = Math.max(s.minScale(), 0.1 * Math.abs(value));
      firstTime = timeMillis;
      lastTime = timeMillis;
      step = 1.0;
    } else {
      step = Math.min(bucketMillis, Math.max(0, timeMillis - lastTime)) / (double) bucketMillis;
      lastTime = Math.max(lastTime, timeMillis);
    }
    if (Double.isNaN(scale[b])) {
      scale[b] = globalScale;
    }
    double season = (1 - frac) * daily[d0] + frac * daily[d1] + weekly[w];
    double residual = value - level - season;
    double sigma = Math.max(s.minScale(), SIGMA_PER_MEAN_ABS * scale[b]);
    // z in the series' units: the log-scale sigma taken back through the slope of the log at the
    // baseline, so a surge and a drop of the same size weigh the same (as the noise of counts does)
    double expected = Math.copySign(Math.expm1(Math.abs(level + season)), level + season);
    double spread = sigma * (1 + Math.abs(expected));
    if (counts) {
      spread = Math.max(spread, Math.sqrt(Math.abs(expected) + 1));
    }
    double z = (raw - expected) / spread;
    lastZ = z;
    lastExpected = expected;
    points++;
    learnSeason(d0, d1, w, frac, value - seasonLevel - season, s.seasonClipSigmas() * sigma, step);
    if (holding >= 0) {
      hold[holding++] = residual;
      if (holding == s.confirmPoints()) {
        confirm(sigma, scale[b]);
      }
      return 0.0;
    }
    if (points > s.warmupPoints()) {
      cusumUp = Math.max(0.0, cusumUp + z - s.drift());
      cusumDown = Math.max(0.0, cusumDown - z - s.drift());
      double excess =
          Math.max(Math.max(cusumUp, cusumDown) - s.threshold(), Math.abs(z) - s.spikeSigmas());
      if (excess > 0) {
        return alarm(timeMillis, excess);
      }
    }
    double bound = s.clipSigmas() * sigma;
    double clipped = Math.max(-bound, Math.min(bound, residual));
    double rate = lastTime - lastChange <= s.settleMillis() ? s.settleAlpha() : s.levelAlpha();
    level += Math.min(1.0, rate * step) * clipped;
    double abs = Math.min(Math.abs(residual), bound);
    scale[b] += s.scaleBeta() * (abs - scale[b]);
    globalScale += s.scaleBeta() * (abs - globalScale);
    return 0.0;
  }

  private double alarm(long timeMillis, double excess) {
    cusumUp = 0;
    cusumDown = 0;
    if (s.confirmPoints() > 0) {
      holding = 0;
    }
    boolean followUp = alarms > 0 && timeMillis - lastAlarm <= s.followUpMillis();
    alarms++;
    lastAlarm = timeMillis;
    return followUp
        ? FOLLOW_UP_SCORE
        : Math.min(MAX_SCORE, ALARM - (1 - ALARM) * Math.expm1(-excess / s.threshold()));
  }

  /**
   * The seasonal learner: a robust level of its own, never re-based, whose clipped residual teaches
   * both profiles. The first days and weeks learn at the rate of a running mean of the visits.
   */
  private void learnSeason(
      int d0, int d1, int w, double frac, double residual, double bound, double step) {
    double clipped = Math.max(-bound, Math.min(bound, residual));
    long age = lastTime - firstTime;
    double days = 1 + age / DAY_MILLIS;
    double weeks = 1 + age / WEEK_MILLIS;
    seasonLevel += s.seasonLevelAlpha() * step * clipped;
    double seasonal = (1 - s.seasonLevelAlpha() * step) * clipped * step;
    double toDaily = Math.max(s.seasonGamma(), 1 / days) * seasonal;
    daily[d0] += (1 - frac) * toDaily;
    daily[d1] += frac * toDaily;
    weekly[w] += Math.max(s.weeklyGamma(), 1 / weeks) * seasonal;
  }

  /** End of the confirmation window: re-base the level and widen the scale if the data say so. */
  private void confirm(double sigma, double bucketScale) {
    int n = holding;
    holding = -1;
    Arrays.sort(hold, 0, n);
    double median = n % 2 == 1 ? hold[n / 2] : 0.5 * (hold[n / 2 - 1] + hold[n / 2]);
    double spread = 0;
    for (int i = 0; i < n; i++) {
      spread += Math.abs(hold[i] - median);
    }
    spread /= n;
    if (Math.abs(median) > s.confirmSigmas() * sigma) {
      level += median;
      lastChange = lastTime;
    }
    if (spread > s.noiseBurstRatio() * bucketScale) {
      double ratio = spread / bucketScale;
      for (int i = 0; i < buckets; i++) {
        if (!Double.isNaN(scale[i])) {
          scale[i] *= ratio;
        }
      }
      globalScale *= ratio;
    }
  }

  /** Deviation of the last point from the baseline, in sigmas (in the series' units). */
  public double lastZ() {
    return lastZ;
  }

  /** The baseline the last point was compared against (level and both profiles), in its units. */
  public double expected() {
    return lastExpected;
  }

  /** Alarms so far, follow-ups included. */
  public long alarms() {
    return alarms;
  }

  public long points() {
    return points;
  }

  /**
   * Writes the learned state (not the settings) for a keyed state backend: the arrays' lengths
   * first, then every field; about 8 x (9 x bucketsPerDay + confirmPoints) + 120 bytes.
   */
  public void write(java.io.DataOutput out) throws java.io.IOException {
    out.writeShort(buckets);
    out.writeShort(hold.length);
    for (double[] a : new double[][] {daily, weekly, scale, hold}) {
      for (double v : a) {
        out.writeDouble(v);
      }
    }
    out.writeDouble(seasonLevel);
    out.writeDouble(level);
    out.writeDouble(globalScale);
    out.writeLong(firstTime);
    out.writeLong(lastTime);
    out.writeLong(points);
    out.writeDouble(cusumUp);
    out.writeDouble(cusumDown);
    out.writeInt(holding);
    out.writeDouble(lastZ);
    out.writeDouble(lastExpected);
    out.writeLong(alarms);
    out.writeLong(lastAlarm);
    out.writeLong(lastChange);
  }

  /**
   * Reads what {@link #write} wrote, under {@code settings}; fails when the settings' bucketsPerDay
   * or confirmPoints differ from the state's (the learned profiles would not fit them).
   */
  public static OnsetDetector read(OnsetSettings settings, java.io.DataInput in)
      throws java.io.IOException {
    return read(settings, false, in);
  }

  /** As {@link #read(OnsetSettings, java.io.DataInput)}, for a count series or not. */
  public static OnsetDetector read(OnsetSettings settings, boolean counts, java.io.DataInput in)
      throws java.io.IOException {
    OnsetDetector d = new OnsetDetector(settings, counts);
    int buckets = in.readUnsignedShort();
    int holdLength = in.readUnsignedShort();
    if (buckets != d.buckets || holdLength != d.hold.length) {
      throw new java.io.IOException(
          "onset state of "
              + buckets
              + " buckets a day and "
              + holdLength
              + " confirmation points does not fit settings of "
              + d.buckets
              + " and "
              + d.hold.length);
    }
    for (double[] a : new double[][] {d.daily, d.weekly, d.scale, d.hold}) {
      for (int i = 0; i < a.length; i++) {
        a[i] = in.readDouble();
      }
    }
    d.seasonLevel = in.readDouble();
    d.level = in.readDouble();
    d.globalScale = in.readDouble();
    d.firstTime = in.readLong();
    d.lastTime = in.readLong();
    d.points = in.readLong();
    d.cusumUp = in.readDouble();
    d.cusumDown = in.readDouble();
    d.holding = in.readInt();
    d.lastZ = in.readDouble();
    d.lastExpected = in.readDouble();
    d.alarms = in.readLong();
    d.lastAlarm = in.readLong();
    d.lastChange = in.readLong();
    return d;
  }
}
