package dev.vigil.core.policy;

import dev.vigil.core.evidence.EvidenceKind;
import dev.vigil.core.model.PolicySettings;
import dev.vigil.core.model.ResponseRules;
import dev.vigil.core.profile.SessionState;
import java.util.List;

/**
 * Step-up and kill with hysteresis and a minimum dwell. The session enters STEP_UP when the
 * probability reaches {@code stepUpEnter} ({@code sensitiveStepUpEnter} on a sensitive request) and
 * leaves it only when it falls below {@code stepUpExit} (lower) after at least {@code
 * minDwellSeconds} at that level, so one noisy event cannot make it flap; it is KILLED, for good,
 * when the probability reaches {@code killEnter} and the kill rules below allow it. A command is
 * issued only on entering a level.
 *
 * <p><b>No single field can kill.</b> A kill needs P >= {@code killEnter} <em>and</em> positive
 * evidence of at least two independent kinds ({@link EvidenceKind}), each carrying at least {@code
 * policy.killMinKindLlr} nats (default 1, about a likelihood ratio of e; 0 turns the rule off).
 * Terms of one kind share a failure mode: 24 impossible-travel legs from one noisy GeoIP field are
 * one source, not 24, and a filter that multiplies them as independent (naive Bayes) is
 * over-confident by exactly that correlation. With one kind only the session is stepped up instead
 * (a thief must still pass a second factor), its withdrawal held on a sensitive request ({@link
 * WithdrawalHoldPolicy}), and the decision notes {@code kill_withheld_single_kind} with the kind,
 * once per session.
 *
 * <p><b>Kill-rate breaker.</b> A kill that passes the kinds rule is counted once per session by the
 * engine's {@link KillRateBreaker}; while the breaker is open for the overall rate or for the
 * session's strongest reason, the kill is degraded the same way and noted {@code kill_breaker_open}
 * with the rates. A degraded session is killed on a later event once the breaker has closed.
 *
 * <p><b>Volume is not compromise:</b> no step-up or kill without evidence beyond the request rate
 * ({@link EvidenceKinds#beyondVolume}); the usage throttle handles a flood.
 *
 * <p><b>Which factor satisfies a step-up.</b> When the session already passed a second factor and
 * its evidence includes a new device or a new network of at least {@code killMinKindLlr} nats (the
 * pattern of a phished one-time code or a swapped SIM: the factor passed, from somewhere the owner
 * is not), that factor may be in the attacker's hands: the step-up accepts only {@link
 * #OTHER_FACTORS}, a passkey (origin-bound, not phishable, NIST SP 800-63B-4 section 3.2.5) or a
 * link to the account's e-mail (another channel). Otherwise any factor of the account does.
 */
public final class EscalationPolicy implements SessionPolicy {
  /** The factors that satisfy a step-up when the session's passed factor is suspect. */
  public static final List<String> OTHER_FACTORS = List.of("passkey", "email_link");

  @Override
  public String name() {
    return "escalation";
  }

  @Override
  public void decide(PolicyInput in, Decision out) {
    SessionState s = in.session;
    PolicySettings p = in.model.policy;
    ResponseRules r = p.response;
    in.killWithheld = false;
    EnforcementLevel level = EnforcementLevel.byOrdinal(s.level);
    double prob = in.probability;
    if (level == EnforcementLevel.KILLED) {
      return;
    }
    boolean escalable = EvidenceKinds.beyondVolume(s, r.killMinKindLlr, r.behaviourCountsAtVolume);
    if (escalable && prob >= p.killEnter) {
      if (mayKill(in, s, r, out)) {
        enter(s, EnforcementLevel.KILLED, in.timeMillis);
        out.kill();
        return;
      }
      in.killWithheld = true;
    }
    // On a sensitive request a wrong "allow" costs the balance, not an hour of exposure: the
    // prompt is worth it at a lower probability (P * loss >= cost of a prompt).
    double stepUp = in.sensitiveRequest ? p.sensitiveStepUpEnter : p.stepUpEnter;
    if (escalable && level == EnforcementLevel.NONE && prob >= stepUp) {
      enter(s, EnforcementLevel.STEP_UP, in.timeMillis);
      out.stepUp(factorSuspect(s, r));
      return;
    }
    if (level == EnforcementLevel.STEP_UP
        && prob < p.stepUpExit
        && in.timeMillis - s.levelSinceMillis >= p.minDwellSeconds * 1000) {
      enter(s, EnforcementLevel.NONE, in.timeMillis);
    }
  }

  /** The two-kinds rule, then the breaker; notes what withholds the kill (once per session). */
  private static boolean mayKill(PolicyInput in, SessionState s, ResponseRules r, Decision out) {
    if (r.killMinKindLlr > 0 && EvidenceKinds.count(s, r.killMinKindLlr) < 2) {
      if (!s.killWithheldNoted) {
        s.killWithheldNoted = true;
        EvidenceKind k = EvidenceKinds.strongest(s);
        out.note(
            PolicyNote.KILL_WITHHELD_SINGLE_KIND,
            k.ordinal(),
            k == EvidenceKind.NONE ? 0 : s.kindLlr[k.ordinal()],
            r.killMinKindLlr);
      }
      return false;
    }
    KillRateBreaker breaker = in.killBreaker;
    if (breaker == null) {
      return true;
    }
    int code = EvidenceKinds.strongestCode(s);
    if (!s.killCounted) {
      s.killCounted = true;
      breaker.recordKill(in.timeMillis, code, r);
    }
    if (breaker.allowsKill(code, r)) {
      return true;
    }
    if (!s.killDegradedNoted) {
      s.killDegradedNoted = true;
      int blocking = breaker.blockingCode(code);
      int rate = blocking == KillRateBreaker.BLOCKED_OVERALL ? -1 : blocking;
      out.note(
          PolicyNote.KILL_BREAKER_OPEN,
          breaker.recentPerHour(rate, r),
          breaker.baselinePerHour(rate, r),
          rate < 0 ? Double.NaN : rate);
    }
    return false;
  }

  /** MFA passed in this session, with new-device or new-network evidence: the factor is suspect. */
  public static boolean factorSuspect(SessionState s, ResponseRules r) {
    return s.mfaPassed
        && (EvidenceKinds.present(s, EvidenceKind.DEVICE, r.killMinKindLlr)
            || EvidenceKinds.present(s, EvidenceKind.NETWORK, r.killMinKindLlr));
  }

  private static void enter(SessionState s, EnforcementLevel level, long t) {
    s.level = (byte) level.ordinal();
    s.levelSinceMillis = t;
  }
}
