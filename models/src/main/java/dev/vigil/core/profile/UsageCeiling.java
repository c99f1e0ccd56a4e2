package dev.vigil.core.profile;

import dev.vigil.core.model.PolicySettings;
import dev.vigil.core.model.RiskModel;

/**
 * The request rate above which a session is abusing its account's usual pace: {@code
 * usageRateMultiplier} times the account's usual rate, or {@code usageRateZ} standard deviations of
 * the log rate above its mean if that is higher. The usual rate is the baseline as it was when the
 * session started ({@code SessionState.refLogRate*}) or, for a session older than its account's
 * baseline (a bot's session that runs for days), the account's current one; a session above the
 * ceiling does not teach the baseline ({@link ProfileLearner}), so a flood cannot raise its own
 * ceiling.
 */
public final class UsageCeiling {
  private UsageCeiling() {}

  /** Requests per second, or NaN when the ceiling is off or there is no baseline yet. */
  public static double of(SessionState s, RiskModel m) {
    PolicySettings p = m.policy;
    if (p.usageRateMultiplier <= 0) {
      return Double.NaN;
    }
    if (s.refLogRateDeviation <= 0) {
      return Double.NaN;
    }
    double sigma = AccountProfile.logSigma(s.refLogRateDeviation);
    return Math.exp(s.refLogRateMean + Math.max(p.usageLogRateMultiplier, p.usageRateZ * sigma));
  }
}
