package dev.vigil.core.volume;

/**
 * Baseline for the evaluation: the windowed Gaussian of the Numenta Anomaly Benchmark (Lavin and
 * Ahmad, "Evaluating real-time anomaly detection algorithms", IEEE ICMLA 2015): the mean and
 * standard deviation of the last {@code window} points, and an alarm (score 1) for every point more
 * than {@code sigmas} standard deviations from that mean; otherwise the score is {@code 0.5 |z| /
 * sigmas}. No seasonality, no memory beyond the window. O(1) per point (running sums); memory 8 x
 * window bytes.
 */
public final class GaussianWindowDetector implements VolumeScorer {
  private final double[] ring;
  private final double sigmas;
  private int next;
  private int filled;
  private double sum;
  private double sumSquares;

  public GaussianWindowDetector(int window, double sigmas) {
    ring = new double[window];
    this.sigmas = sigmas;
  }

  @Override
  public double update(long timeMillis, double value) {
    if (!Double.isFinite(value)) {
      return 0.0;
    }
    double score = 0.0;
    if (filled == ring.length) {
      double mean = sum / filled;
      double variance = Math.max(0.0, sumSquares / filled - mean * mean);
      double sd = Math.sqrt(variance);
      double z = sd > 0 ? Math.abs(value - mean) / sd : 0.0;
      score = z > sigmas ? 1.0 : 0.5 * z / sigmas;
      double old = ring[next];
      sum -= old;
      sumSquares -= old * old;
    } else {
      filled++;
    }
    ring[next] = value;
    sum += value;
    sumSquares += value * value;
    next = next + 1 == ring.length ? 0 : next + 1;
    return score;
  }
}
