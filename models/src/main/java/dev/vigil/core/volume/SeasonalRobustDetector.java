package dev.vigil.core.volume;

import dev.vigil.core.model.VolumeSettings;

/**
 * Streaming anomaly score for one rate signal (requests per endpoint, failed logins per account,
 * new-network logins across the exchange), adaptive to level shifts and daily cycles.
 *
 * <p>Model: additive Holt-Winters without trend (Winters, "Forecasting sales by exponentially
 * weighted moving averages", Management Science 6(3), 1960) with one seasonal offset per
 * time-of-day bucket ({@code volume.bucketsPerDay}), made robust as in Gelper, Fried and Croux,
 * "Robust forecasting with exponential and Holt-Winters smoothing" (J. Forecasting 29, 2010): the
 * residual is Huber-clipped at {@code clipSigmas} scale units before it updates level and season,
 * and the scale is an EWMA of the clipped absolute residual (Hunter's EWMA, J. Quality Technology
 * 18(4), 1986, applied to deviations). A spike therefore barely moves the baseline, while a
 * sustained level shift moves it by up to {@code levelAlpha * clipSigmas} sigma per point and
 * inflates the scale until it is absorbed.
 *
 * <p>Score: with z the residual over sigma (sigma = 1.2533 * mean absolute residual, exact for
 * Gaussian noise), {@code score = 1 - exp(-max(0, z - zOffset) / scoreScale)} in [0, 1); only
 * increases score (rate signals matter when they surge). Points within the first {@code
 * warmupPoints} score 0. O(1) per point, no allocation; memory is 8 bytes per bucket plus 40. Not
 * thread-safe.
 *
 * <p>The score stays high for as long as a point is far from a baseline that adapts within minutes,
 * so a lasting change alarms on many points: {@code vigil series} scores with {@link OnsetDetector}
 * instead, whose score is an alarm at a change's onset (compared in models/README.md, "Volumetric
 * detector: alarms at onsets").
 */
public final class SeasonalRobustDetector implements VolumeScorer {
  private static final long DAY_MILLIS = 86_400_000L;
  private static final double SIGMA_PER_MEAN_ABS = 1.2533;

  private final long bucketMillis;
  private final double alpha;
  private final double gamma;
  private final double beta;
  private final double clip;
  private final double zOffset;
  private final double scoreScale;
  private final double minScale;
  private final int warmup;
  private final double[] season;
  private double level;
  private double scale;
  private long points;
  private double lastZ;

  public SeasonalRobustDetector(VolumeSettings v) {
    season = new double[v.bucketsPerDay];
    bucketMillis = DAY_MILLIS / v.bucketsPerDay;
    alpha = v.levelAlpha;
    gamma = v.seasonGamma;
    beta = v.scaleBeta;
    clip = v.clipSigmas;
    zOffset = v.zOffset;
    scoreScale = v.scoreScale;
    minScale = v.minScale;
    warmup = v.warmupPoints;
  }

  @Override
  public double update(long timeMillis, double value) {
    if (!Double.isFinite(value)) {
      return 0.0;
    }
    int b = (int) (Math.floorMod(timeMillis, DAY_MILLIS) / bucketMillis);
    if (b >= season.length) {
      b = season.length - 1;
    }
    if (points == 0) {
      level = value;
      scale = Math.max(minScale, 0.1 * Math.abs(value));
    }
    double residual = value - (level + season[b]);
    double sigma = Math.max(minScale, SIGMA_PER_MEAN_ABS * scale);
    double z = residual / sigma;
    lastZ = z;
    double score = points < warmup ? 0.0 : 1.0 - Math.exp(-Math.max(0.0, z - zOffset) / scoreScale);
    double bound = clip * sigma;
    double clipped = Math.max(-bound, Math.min(bound, residual));
    level += alpha * clipped;
    season[b] += gamma * (1 - alpha) * clipped;
    scale += beta * (Math.min(Math.abs(residual), bound) - scale);
    points++;
    return score;
  }

  /** Robust z of the last point. */
  public double lastZ() {
    return lastZ;
  }

  /** Current baseline (level plus the bucket's seasonal offset) at {@code timeMillis}. */
  public double expected(long timeMillis) {
    int b = (int) Math.min(season.length - 1, Math.floorMod(timeMillis, DAY_MILLIS) / bucketMillis);
    return level + season[b];
  }

  public long points() {
    return points;
  }
}
