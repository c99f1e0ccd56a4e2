package dev.vigil.core.policy;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.profile.SessionState;

/**
 * Rate limit scaled by risk: the cost profile's sustained rate times {@code max(minFactor, 1 - P)},
 * so a session's allowance shrinks as it looks more compromised while a clean one keeps its fair
 * share; the bucket holds {@code burstSeconds} of that rate. Issued only when the limit differs
 * from the one in force (the profile's rate until the first command) by more than {@code
 * rateLimitChangeRatio}.
 */
public final class RateLimitPolicy implements SessionPolicy {
  @Override
  public String name() {
    return "rate-limit";
  }

  @Override
  public void decide(PolicyInput in, Decision out) {
    SessionState s = in.session;
    if (EnforcementLevel.byOrdinal(s.level) == EnforcementLevel.KILLED) {
      return;
    }
    RiskModel.CostProfile c = in.costs();
    double rps = limit(in.probability, c.requestsPerSecond, in.model.policy.rateLimitMinFactor);
    double current =
        s.commandedRequestsPerSecond > 0 ? s.commandedRequestsPerSecond : c.requestsPerSecond;
    if (Math.abs(rps - current) > in.model.policy.rateLimitChangeRatio * current) {
      s.commandedRequestsPerSecond = (float) rps;
      out.rateLimit(rps, burst(rps, c.burstSeconds));
    }
  }

  public static double limit(double p, double baseRps, double minFactor) {
    return baseRps * Math.max(minFactor, 1.0 - p);
  }

  public static int burst(double rps, double burstSeconds) {
    return (int) Math.max(1, Math.ceil(rps * burstSeconds));
  }
}
