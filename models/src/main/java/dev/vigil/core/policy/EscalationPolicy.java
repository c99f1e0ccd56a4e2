package dev.vigil.core.policy;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.profile.SessionState;

/**
 * Step-up and kill with hysteresis and a minimum dwell. The session enters STEP_UP when the
 * probability reaches {@code stepUpEnter} ({@code sensitiveStepUpEnter} on a sensitive request) and
 * leaves it only when it falls below {@code stepUpExit} (lower) after at least {@code
 * minDwellSeconds} at that level, so one noisy event cannot make it flap; it is KILLED, for good,
 * when the probability reaches {@code killEnter}. A command is issued only on entering a level.
 */
public final class EscalationPolicy implements SessionPolicy {
  @Override
  public String name() {
    return "escalation";
  }

  @Override
  public void decide(PolicyInput in, Decision out) {
    SessionState s = in.session;
    RiskModel.Policy p = in.model.policy;
    EnforcementLevel level = EnforcementLevel.byOrdinal(s.level);
    double prob = in.probability;
    if (level == EnforcementLevel.KILLED) {
      return;
    }
    if (prob >= p.killEnter) {
      enter(s, EnforcementLevel.KILLED, in.timeMillis);
      out.kill();
      return;
    }
    // On a sensitive request a wrong "allow" costs the balance, not an hour of exposure: the
    // prompt is worth it at a lower probability (P * loss >= cost of a prompt).
    double stepUp = in.sensitiveRequest ? p.sensitiveStepUpEnter : p.stepUpEnter;
    if (level == EnforcementLevel.NONE && prob >= stepUp) {
      enter(s, EnforcementLevel.STEP_UP, in.timeMillis);
      out.stepUp();
      return;
    }
    if (level == EnforcementLevel.STEP_UP
        && prob < p.stepUpExit
        && in.timeMillis - s.levelSinceMillis >= p.minDwellSeconds * 1000) {
      enter(s, EnforcementLevel.NONE, in.timeMillis);
    }
  }

  private static void enter(SessionState s, EnforcementLevel level, long t) {
    s.level = (byte) level.ordinal();
    s.levelSinceMillis = t;
  }
}
