package dev.vigil.core.evidence;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.SessionState;

/**
 * The two numeric-baseline terms: the session's request rate and an order's notional against the
 * account's robust log baselines (EWMA of the logarithm with a clipped update, {@link
 * AccountProfile}), and against the baselines as they were when the session started, whichever
 * deviates more, so slow drift within a session is measured from a fixed reference. Both terms
 * count only the increase of the session's peak z: a sustained rate, or a size the account does not
 * trade, is one fact however many requests repeat it, so the term of a session is at most {@code
 * llrPerSigma x (peak z - threshold)}. (An order size used to count on every order above the
 * threshold: a market maker whose sizes are heavier-tailed than the log-normal baseline assumes, 5%
 * of its orders above 3 sigma, added about a nat a minute, and was kept down only by the
 * familiar-instrument credit on every switch of contract, which also washed out a replay hidden
 * among its quotes.) Both need {@code evidence.baselineMinObservations} observations. O(1), no
 * allocation.
 */
final class BaselineEvidence {
  private BaselineEvidence() {}

  static void rate(AccountProfile a, SessionState s, RiskModel.Evidence ev, EvidenceBuffer out) {
    if (a.rateObservations < ev.baselineMinObservations) {
      return;
    }
    double rate = s.mediumRate();
    double z =
        Math.max(
            (Math.log(rate) - a.logRateMean) / AccountProfile.logSigma(a.logRateDeviation),
            s.refLogRateDeviation > 0
                ? (Math.log(rate) - s.refLogRateMean)
                    / AccountProfile.logSigma(s.refLogRateDeviation)
                : 0.0);
    double floor = Math.max(s.ratePeakZ, ev.rateZThreshold);
    if (z > floor) {
      EvidenceExtractor.add(
          out,
          ev,
          EvidenceCode.RATE_ABOVE_BASELINE,
          ev.rateLlrPerSigma * (z - floor),
          rate,
          z,
          Math.exp(a.logRateMean));
      s.ratePeakZ = (float) z;
    }
  }

  static void notional(
      AccountProfile a,
      SessionState s,
      EventFeatures f,
      RiskModel.Evidence ev,
      EvidenceBuffer out) {
    if (f.notionalUsd > 0 && a.notionalObservations >= ev.baselineMinObservations) {
      double x = Math.log(f.notionalUsd);
      double z =
          Math.max(
              (x - a.logNotionalMean) / AccountProfile.logSigma(a.logNotionalDeviation),
              s.refLogNotionalDeviation > 0
                  ? (x - s.refLogNotionalMean) / AccountProfile.logSigma(s.refLogNotionalDeviation)
                  : 0.0);
      double floor = Math.max(s.notionalPeakZ, ev.notionalZThreshold);
      if (z > floor) {
        EvidenceExtractor.add(
            out,
            ev,
            EvidenceCode.UNUSUAL_NOTIONAL,
            ev.notionalLlrPerSigma * (z - floor),
            f.notionalUsd,
            z,
            Math.exp(a.logNotionalMean));
        s.notionalPeakZ = (float) z;
      }
    }
  }
}
