package dev.vigil.core.model;

/**
 * Likelihood ratios of what the gateway reports back about a step-up ({@code EnforcementOutcome} on
 * {@code vigil.enforcement-outcomes}): optional model section {@code stepUpOutcomes}, with {@link
 * #DEFAULTS} when absent. Each is {@code P(outcome | compromised) / P(outcome | clean)}; the
 * session's log-odds move by its natural log ({@code dev.vigil.core.engine.OutcomeEffects}).
 *
 * <p><b>Passed</b> (ratio in (0, 1]: lowers the probability). The owner holds every factor of the
 * account, so {@code P(pass | clean)} is close to 1 and the ratio is about the share of attackers
 * who pass the factor. Google's measurements of its login challenges (Doerfler et al., "Evaluating
 * Login Challenges as a Defense Against Account Takeover", WWW 2019; Google Security Blog, 17 May
 * 2019) found an SMS code stopped 76% of targeted attacks, an on-device prompt 90% and a security
 * key all of them. Hence:
 *
 * <ul>
 *   <li>{@code passkey} 0.02 (ln = -3.91): origin-bound, not phishable (NIST SP 800-63B-4 section
 *       3.2.5); 0.02, not 0, for a stolen unlocked device or malware on the owner's;
 *   <li>{@code totp} 0.1 (-2.30) and {@code emailLink} 0.1 (-2.30): like the on-device prompt, a
 *       real-time phishing proxy relays them; the e-mail link is another channel, but a mailbox
 *       often shares the account's password;
 *   <li>{@code sms} 0.25 (-1.39): 24% of targeted attacks passed it (SIM swap, relayed codes);
 *   <li>{@code otherFactor} 0.5 (-0.69): a factor Vigil does not know.
 * </ul>
 *
 * A pass counts nothing (ratio 1) when the session's own factor was suspect and the pass used it
 * (the step-up asked for {@code EscalationPolicy.OTHER_FACTORS}), or when the same factor already
 * counted in the session: whoever passed it once passes it again.
 *
 * <p><b>Failed or abandoned</b> (ratio at least 1: raises it). An attacker without the factor fails
 * or walks away, {@code P(fail or abandon | compromised)} about 0.9 (the complement of the passes
 * above); an owner fails a whole challenge (after the gateway's retries) or leaves it unanswered
 * for {@code stepUpTimeoutSeconds} rarely, taken as 0.45% for both (an assumption: measure it and
 * set it here; at 2% abandonment, {@code abandoned} would be 45). {@code failed} 200 (ln = +5.30)
 * and {@code abandoned} 200 take a session at the default step-up threshold (0.1) to 0.957, past
 * the default kill threshold (0.95): a failed step-up leads to a kill, still under the rule that a
 * kill needs two kinds of evidence (the outcome counts as its own kind, CHALLENGE, besides the
 * evidence that called for the step-up). From the lower sensitive-request threshold (0.02) it
 * reaches 0.80, and the session stays stepped up.
 */
public final class StepUpOutcomes {
  /** Factor bits of {@code SessionState.stepUpFactorsPassed}. */
  public static final int PASSKEY = 1;

  public static final int TOTP = 2;
  public static final int EMAIL_LINK = 4;
  public static final int SMS = 8;
  public static final int OTHER = 16;

  public static final StepUpOutcomes DEFAULTS =
      new StepUpOutcomes(0.02, 0.1, 0.1, 0.25, 0.5, 200, 200);

  public final double passedPasskey;
  public final double passedTotp;
  public final double passedEmailLink;
  public final double passedSms;
  public final double passedOther;
  public final double failed;
  public final double abandoned;

  public StepUpOutcomes(
      double passedPasskey,
      double passedTotp,
      double passedEmailLink,
      double passedSms,
      double passedOther,
      double failed,
      double abandoned) {
    this.passedPasskey = passedPasskey;
    this.passedTotp = passedTotp;
    this.passedEmailLink = passedEmailLink;
    this.passedSms = passedSms;
    this.passedOther = passedOther;
    this.failed = failed;
    this.abandoned = abandoned;
  }

  /**
   * Reads section {@code stepUpOutcomes}: every key required, passes in (0, 1], the rest 1 to 10^6.
   */
  StepUpOutcomes(StrictNode n) {
    this(
        passed(n, "passkey"),
        passed(n, "totp"),
        passed(n, "emailLink"),
        passed(n, "sms"),
        passed(n, "otherFactor"),
        n.number("failed", 1, 1e6),
        n.number("abandoned", 1, 1e6));
    n.finish();
  }

  private static double passed(StrictNode n, String key) {
    double v = n.number(key, 0, 1);
    if (v == 0) {
      throw new ModelValidationException(
          n.path() + "." + key, "must be above 0: a likelihood ratio of a pass, in (0, 1]");
    }
    return v;
  }

  /**
   * The factor's bit: the factor names of the gateway contract ({@code passkey}, {@code totp},
   * {@code sms}, {@code email_link}); any other name, null included, is {@link #OTHER}.
   */
  public static int factorBit(String factor) {
    if (factor == null) {
      return OTHER;
    }
    return switch (factor) {
      case "passkey" -> PASSKEY;
      case "totp" -> TOTP;
      case "email_link" -> EMAIL_LINK;
      case "sms" -> SMS;
      default -> OTHER;
    };
  }

  /** The ratio of a pass with the factor of {@code bit}. */
  public double passed(int bit) {
    return switch (bit) {
      case PASSKEY -> passedPasskey;
      case TOTP -> passedTotp;
      case EMAIL_LINK -> passedEmailLink;
      case SMS -> passedSms;
      default -> passedOther;
    };
  }
}
