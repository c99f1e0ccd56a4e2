package dev.vigil.evaluation;

import java.util.Arrays;

/**
 * Median and 95th percentile of a sample by the nearest-rank method (the value at rank ceil(p *
 * n)): always an observed value; null when the sample is empty.
 */
public record Distribution(int n, Double median, Double p95) {

  static Distribution of(double[] values) {
    if (values.length == 0) {
      return new Distribution(0, null, null);
    }
    double[] s = values.clone();
    Arrays.sort(s);
    return new Distribution(s.length, rank(s, 0.5), rank(s, 0.95));
  }

  private static double rank(double[] sorted, double p) {
    int r = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, r - 1)];
  }
}
