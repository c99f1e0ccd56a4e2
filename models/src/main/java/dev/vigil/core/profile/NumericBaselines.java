package dev.vigil.core.profile;

/**
 * The account's numeric baselines (request rate and order notional): a robust EWMA of the logarithm
 * and of its mean absolute deviation, and the bound on what one session may move the notional
 * baseline. O(1), no allocation; used by {@link ProfileLearner}.
 */
final class NumericBaselines {
  private static final double INITIAL_LOG_DEVIATION = 0.5;
  private static final double SIGMA_PER_MEAN_ABS = 1.2533;

  private NumericBaselines() {}

  /**
   * One session moves the account's notional baseline at most one reference sigma from where it
   * stood when the session started, and widens its deviation at most by half. The Huber clip bounds
   * one order's pull, not a session's: an order size growing 15% an order widens the deviation with
   * every clipped residual, so the clip widens with it and the mean followed a drifting session to
   * twelve times the owner's size before the evidence (which counts the peak z once, not every
   * order) poisoned it. Bounding what one session can teach an online learner is the same defence
   * as the familiarity rule ("boiling frog" poisoning: Rubinstein et al., ANTIDOTE, IMC 2009; Kloft
   * and Laskov, AISTATS 2010); an owner whose sizes really grow moves the baseline one sigma a
   * session. No-op before the session has a reference (fewer than {@code
   * evidence.baselineMinObservations} orders on the account at its start).
   */
  static void boundSessionDrift(AccountProfile a, SessionState s) {
    if (s.refLogNotionalDeviation <= 0) {
      return;
    }
    double sigma = AccountProfile.logSigma(s.refLogNotionalDeviation);
    a.logNotionalMean =
        (float)
            Math.max(
                s.refLogNotionalMean - sigma,
                Math.min(s.refLogNotionalMean + sigma, a.logNotionalMean));
    a.logNotionalDeviation = Math.min(a.logNotionalDeviation, 1.5f * s.refLogNotionalDeviation);
  }

  /**
   * Huber-clipped EWMA of a log value and of its mean absolute deviation (in the spirit of Gelper,
   * Fried and Croux, "Robust forecasting with exponential and Holt-Winters smoothing", J.
   * Forecasting 2010). Returns the new observation count.
   */
  static float robustUpdate(AccountProfile a, double x, boolean rate, double eta, double clip) {
    float n = rate ? a.rateObservations : a.notionalObservations;
    double mean = rate ? a.logRateMean : a.logNotionalMean;
    double dev = rate ? a.logRateDeviation : a.logNotionalDeviation;
    if (n == 0) {
      mean = x;
      dev = INITIAL_LOG_DEVIATION;
    } else {
      double sigma = Math.max(0.05, SIGMA_PER_MEAN_ABS * dev);
      double r = x - mean;
      double bound = clip * sigma;
      double clipped = Math.max(-bound, Math.min(bound, r));
      // Early observations learn faster (1/n) so a new account converges, then the rate is eta.
      double rateNow = Math.max(eta, 1.0 / (n + 1));
      mean += rateNow * clipped;
      dev += rateNow * (Math.min(Math.abs(r), bound) - dev);
    }
    if (rate) {
      a.logRateMean = (float) mean;
      a.logRateDeviation = (float) dev;
      a.rateObservations = n + 1;
    } else {
      a.logNotionalMean = (float) mean;
      a.logNotionalDeviation = (float) dev;
      a.notionalObservations = n + 1;
    }
    return n + 1;
  }
}
