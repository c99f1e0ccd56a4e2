package dev.vigil.train;

import dev.vigil.evaluation.RankingMetrics;

/**
 * How well probabilities separate and match the outcomes of held-out sessions.
 *
 * @param sessions held-out sessions measured
 * @param attacked of which attacked
 * @param rocAuc area under the ROC curve of the trained combination (Mann-Whitney U / (n1 n0), ties
 *     counted half): the chance that a random attacked session scores above a random benign one;
 *     independent of the base rate
 * @param baseRocAuc the same for the base model's plain sum of terms (all weights 1)
 * @param logLoss mean negative log-likelihood (nats) of the calibrated probability, at the held-out
 *     prevalence (the injected one, before the correction to the target base rate)
 * @param calibrationError expected calibration error: over 10 equal-width probability bins, the
 *     session-weighted mean of |mean probability - attacked share|, at the same prevalence
 */
record HeldOutMetrics(
    int sessions,
    int attacked,
    double rocAuc,
    double baseRocAuc,
    double logLoss,
    double calibrationError) {

  static HeldOutMetrics of(double[] score, double[] baseScore, double[] p, boolean[] y) {
    int pos = 0;
    for (boolean b : y) {
      pos += b ? 1 : 0;
    }
    double ll = 0;
    for (int i = 0; i < p.length; i++) {
      double q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]));
      ll -= y[i] ? Math.log(q) : Math.log(1 - q);
    }
    return new HeldOutMetrics(
        y.length,
        pos,
        auc(score, y),
        auc(baseScore, y),
        y.length == 0 ? Double.NaN : ll / y.length,
        ece(p, y));
  }

  static double auc(double[] s, boolean[] y) {
    return RankingMetrics.of(s, y).rocAuc();
  }

  static double ece(double[] p, boolean[] y) {
    int bins = 10;
    double[] sumP = new double[bins];
    double[] sumY = new double[bins];
    int[] count = new int[bins];
    for (int i = 0; i < p.length; i++) {
      int b = Math.min(bins - 1, (int) (p[i] * bins));
      sumP[b] += p[i];
      sumY[b] += y[i] ? 1 : 0;
      count[b]++;
    }
    double e = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        e += Math.abs(sumP[b] - sumY[b]) / p.length;
      }
    }
    return p.length == 0 ? Double.NaN : e;
  }
}
