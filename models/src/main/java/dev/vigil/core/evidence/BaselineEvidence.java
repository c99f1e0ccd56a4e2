package dev.vigil.core.evidence;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.SessionState;

/**
 * The two numeric-baseline terms: the session's request rate and an order's notional against the
 * account's robust log baselines (EWMA of the logarithm with a clipped update, {@link
 * AccountProfile}), and against the baselines as they were when the session started, whichever
 * deviates more, so slow drift within a session is measured from a fixed reference. The rate term
 * counts only the increase of the session's peak z, so a sustained rate adds its peak once. Both
 * need {@code evidence.baselineMinObservations} observations. O(1), no allocation.
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
      if (z > ev.notionalZThreshold) {
        EvidenceExtractor.add(
            out,
            ev,
            EvidenceCode.UNUSUAL_NOTIONAL,
            ev.notionalLlrPerSigma * (z - ev.notionalZThreshold),
            f.notionalUsd,
            z,
            Math.exp(a.logNotionalMean));
      }
    }
  }
}
