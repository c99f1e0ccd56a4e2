package dev.vigil.core.policy;

import dev.vigil.core.model.CostProfile;
import dev.vigil.core.model.TimeoutBounds;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.SessionState;

/**
 * Session timeouts as a calculated risk parameter: the timeout T that minimises expected cost
 *
 * <pre>
 *   C(T) = P * l * T  +  (1 - P) * c * exp(-T / mu)
 * </pre>
 *
 * where P is the compromise probability, l the expected loss per second while a compromised session
 * stays open (the cost profile's loss per hour, times the withdrawal multiplier once the session
 * used withdrawal rights, times 1 + typical notional / reference notional as the balance tier), c
 * the cost of making the owner re-authenticate, and exp(-T / mu) the chance that an owner's gap
 * (idle timeout) or session (absolute timeout) outlasts T under an exponential model with mean mu.
 * C is convex and its minimiser has the closed form {@code T* = mu * ln((1 - P) c / (P l mu))},
 * which falls as P rises; it is clamped to the NIST SP 800-63B-4 bounds of the session's level
 * (AAL2: 24 h absolute, 1 h idle; AAL3: 12 h, 15 min, from the model file). O(1).
 *
 * <p>A SET_TIMEOUT is issued only when either timeout differs from the one in force (the gateway
 * default, i.e. the upper bound, until the first command) by more than {@code timeoutChangeRatio}.
 */
public final class TimeoutPolicy implements SessionPolicy {
  @Override
  public String name() {
    return "timeout";
  }

  @Override
  public void decide(PolicyInput in, Decision out) {
    SessionState s = in.session;
    if (EnforcementLevel.byOrdinal(s.level) == EnforcementLevel.KILLED) {
      return;
    }
    TimeoutBounds b = in.bounds();
    CostProfile c = in.costs();
    double lossPerSecond = lossPerSecond(c, in.account, s);
    long idle =
        optimalSeconds(
            in.probability,
            c.reauthCost,
            lossPerSecond,
            c.typicalIdleGapSeconds,
            b.minIdleSeconds,
            b.maxIdleSeconds);
    long absolute =
        optimalSeconds(
            in.probability,
            c.reauthCost,
            lossPerSecond,
            c.typicalSessionSeconds,
            b.minAbsoluteSeconds,
            b.maxAbsoluteSeconds);
    long currentIdle = s.commandedIdleSeconds > 0 ? s.commandedIdleSeconds : b.maxIdleSeconds;
    long currentAbs =
        s.commandedAbsoluteSeconds > 0 ? s.commandedAbsoluteSeconds : b.maxAbsoluteSeconds;
    double ratio = in.model.policy.timeoutChangeRatio;
    if (changed(idle, currentIdle, ratio)
        || changed(absolute, currentAbs, ratio)
        || currentIdle > b.maxIdleSeconds
        || currentAbs > b.maxAbsoluteSeconds) {
      s.commandedIdleSeconds = (int) idle;
      s.commandedAbsoluteSeconds = (int) absolute;
      out.timeout(absolute, idle);
    }
  }

  /** Expected loss per second of exposure for this session. */
  public static double lossPerSecond(CostProfile c, AccountProfile a, SessionState s) {
    double tier = 1.0;
    if (a.notionalObservations > 0) {
      tier += Math.exp(a.logNotionalMean) / c.notionalReferenceUsd;
    }
    double withdrawal = s.sensitiveUsed ? c.withdrawalExposureMultiplier : 1.0;
    return c.lossPerHour / 3600.0 * withdrawal * tier;
  }

  /** The cost-minimising timeout in whole seconds, clamped to [min, max]. */
  public static long optimalSeconds(
      double p, double reauthCost, double lossPerSecond, double mu, long min, long max) {
    if (!(p > 0)) {
      return max;
    }
    double arg = (1 - p) * reauthCost / (p * lossPerSecond * mu);
    double t = arg > 1 ? mu * Math.log(arg) : 0.0;
    return Math.max(min, Math.min(max, (long) t));
  }

  private static boolean changed(long proposed, long current, double ratio) {
    return Math.abs(proposed - current) > ratio * current;
  }
}
