package dev.vigil.core.policy;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.model.CostProfile;
import dev.vigil.core.model.PolicySettings;
import dev.vigil.core.profile.SessionState;

/**
 * The session's rate limit, from two sides.
 *
 * <p><b>Risk:</b> the cost profile's sustained rate times {@code max(minFactor, 1 - P)}, so a
 * session's allowance shrinks as it looks more compromised while a clean one keeps its fair share.
 *
 * <p><b>Usage:</b> abuse by the owner (a bot flooding market data, a browser scraping history) is
 * not a compromise, and its probability stays low; the right answer is a throttle, not a kill. A
 * session whose request rate over the last minute exceeds its {@code UsageCeiling} is limited to
 * that ceiling, and the command's first reason says so. The throttle is lifted when the rate falls
 * below half the ceiling (hysteresis: a throttled client that slows down to the limit is not
 * released at once).
 *
 * <p><b>Flood:</b> a session from a source the exchange job names as driving an endpoint's request
 * flood ({@link FloodThrottle}: a live {@code FLOOD_SOURCE} signal on its network, client or
 * account) is limited to {@link FloodThrottle#LIMIT_FACTOR} of the risk limit (the usage ceiling
 * still applies when lower), with reason {@code flood_source}, and its command expires no later
 * than the signal. The probability is not touched. When the signal lapses (the flood is over), the
 * limit above differs from the tightened one in force and the next event's command relaxes it back.
 *
 * <p>The bucket holds {@code burstSeconds} of the rate. A command is issued only when the limit
 * differs from the one in force (the profile's rate until the first command) by more than {@code
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
    CostProfile c = in.costs();
    PolicySettings p = in.model.policy;
    double current =
        s.commandedRequestsPerSecond > 0 ? s.commandedRequestsPerSecond : c.requestsPerSecond;
    int flood = in.floodSlot;
    double rps = limit(in.probability, c.requestsPerSecond, p.rateLimitMinFactor);
    if (flood >= 0) {
      rps *= FloodThrottle.LIMIT_FACTOR;
    }
    double ceiling = in.usageCeiling;
    boolean forUsage = false;
    if (!Double.isNaN(ceiling)) {
      double rate = s.mediumRate();
      boolean throttled = current < rps * (1 - p.rateLimitChangeRatio);
      if ((rate > ceiling || (throttled && rate > ceiling / 2)) && ceiling < rps) {
        rps = ceiling;
        forUsage = true;
      }
    }
    if (Math.abs(rps - current) > p.rateLimitChangeRatio * current) {
      s.commandedRequestsPerSecond = (float) rps;
      if (flood >= 0) {
        out.rateLimit(rps, burst(rps, c.burstSeconds), in.signals.expiresAt(flood) - in.timeMillis);
        out.addReason(
            EvidenceCode.FLOOD_SOURCE.ordinal(),
            0.0,
            FloodThrottle.source(in.signals, flood),
            in.signals.accounts(flood) / 60.0,
            rps);
      } else {
        out.rateLimit(rps, burst(rps, c.burstSeconds));
      }
      if (forUsage) {
        out.addReason(
            EvidenceCode.USAGE_ABOVE_CEILING.ordinal(),
            0.0,
            s.mediumRate(),
            ceiling,
            Math.exp(s.refLogRateMean));
      }
    }
  }

  public static double limit(double p, double baseRps, double minFactor) {
    return baseRps * Math.max(minFactor, 1.0 - p);
  }

  public static int burst(double rps, double burstSeconds) {
    return (int) Math.max(1, Math.ceil(rps * burstSeconds));
  }
}
