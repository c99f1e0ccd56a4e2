package dev.vigil.core.volume;

/**
 * Baseline for the evaluation: an EWMA control chart (Roberts, Technometrics 1(3), 1959; limits as
 * in Lucas and Saccucci, Technometrics 32(1), 1990): {@code e = lambda x + (1 - lambda) e}, an
 * alarm (score 1) for every point where {@code |e - mu| > L sigma sqrt(lambda / (2 - lambda))}. The
 * in-control mean mu and variance sigma^2 are not known for a live series, so they are themselves
 * slow EWMAs of the data (rate {@code centreRate}), which makes the chart adapt to level shifts and
 * daily cycles over about 1 / centreRate points. Otherwise the score is half the distance to the
 * limit. O(1) per point; memory 32 bytes.
 */
public final class EwmaChartDetector implements VolumeScorer {
  private final double lambda;
  private final double limitSigmas;
  private final double centreRate;
  private final int warmup;
  private double ewma;
  private double mean;
  private double variance;
  private long points;

  public EwmaChartDetector(double lambda, double limitSigmas, double centreRate, int warmup) {
    this.lambda = lambda;
    this.limitSigmas = limitSigmas;
    this.centreRate = centreRate;
    this.warmup = warmup;
  }

  @Override
  public double update(long timeMillis, double value) {
    if (!Double.isFinite(value)) {
      return 0.0;
    }
    if (points++ == 0) {
      ewma = value;
      mean = value;
      return 0.0;
    }
    ewma = lambda * value + (1 - lambda) * ewma;
    double limit = limitSigmas * Math.sqrt(variance * lambda / (2 - lambda));
    double distance = Math.abs(ewma - mean);
    double score;
    if (points <= warmup || limit <= 0) {
      score = 0.0;
    } else {
      score = distance > limit ? 1.0 : 0.5 * distance / limit;
    }
    double d = value - mean;
    mean += centreRate * d;
    variance = (1 - centreRate) * (variance + centreRate * d * d);
    return score;
  }
}
