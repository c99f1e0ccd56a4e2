package dev.vigil.core.model;

import dev.vigil.core.evidence.EvidenceCode;
import java.util.List;

/**
 * The optional object {@code policy.account}: thresholds of the account-level incident response
 * ({@code dev.vigil.core.policy.AccountResponsePolicy}). Every key optional; an absent object reads
 * as the defaults below, so older model files load and get the response.
 *
 * <ul>
 *   <li>{@code enabled} (default true): false issues no account command.
 *   <li>{@code rearmSeconds} (60-2592000, default 86400): one incident, each action once. An action
 *       sent for an account (a key revocation: for that key) is not sent again within this time,
 *       and its command stays valid at least this long (Vigil will not repeat it sooner).
 *   <li>{@code holdSeconds} (3600-2592000, default 604800, 7 days): the upper bound of the
 *       account's HOLD_WITHDRAWALS; an analyst lifts it earlier, the owner cannot.
 *   <li>{@code revokeKeyMinLlr} (0.01-50, default 3, the weight {@code concurrentKeyLlr} of the
 *       default models): a key counts as "in two places at once" when the session's {@code
 *       concurrent_key_use} term fired with at least this many nats.
 *   <li>{@code revokeKeyEnter} (0-1, default 0.1, the default step-up threshold): and the session's
 *       probability is at least this. A key in two places is compromised either way, but about 3 in
 *       100 keyed owners run one key from two providers at once (the basis of {@code
 *       concurrentKeyLlr}); revoking costs them a redeploy, so the fact alone (P about 2e-3 from
 *       the prior) does not revoke: corroborating evidence must reach a step-up's level.
 *   <li>{@code reverifyOnEvidence} (at most 8 evidence codes, default none): the hook for signals
 *       from outside the session (a credential-stuffing success reported by the exchange job's
 *       {@code exchange_signal}): an event carrying positive evidence of one of these codes
 *       requires re-verification of the account. Each must be a known wire code ({@link
 *       EvidenceCode#code()}).
 *   <li>{@code reverifyOnStuffingSuccess} (default true) and {@code reverifyStuffingEnter} (0-1,
 *       default 0.1, the default step-up threshold): a session that logged in successfully from a
 *       network or AS in a live credential-stuffing wave (the exchange job's {@code LOGIN_WAVE},
 *       counted by {@code ExchangeEvidence} as a stuffing success) and whose probability reached
 *       {@code reverifyStuffingEnter} requires re-verification of the account: the password worked
 *       for the attacker's list, so ending the session does not end the exposure (the next login
 *       with it would succeed too). NIST SP 800-63B section 5.1.1.2 asks verifiers to force a
 *       change when there is evidence of a compromised memorized secret; OWASP's Credential
 *       Stuffing Prevention Cheat Sheet names a forced reset on a detected stuffing success. The
 *       probability gate keeps an owner behind a carrier NAT that also hosts a stuffing bot from
 *       re-verifying on the network's wave alone (the success weighs 6 nats, P about 0.04 from the
 *       prior): something else about the session must corroborate it.
 * </ul>
 */
public final class AccountResponseRules {
  public static final double DEFAULT_REARM_SECONDS = 86_400;
  public static final double DEFAULT_HOLD_SECONDS = 604_800;
  public static final double DEFAULT_REVOKE_KEY_MIN_LLR = 3.0;
  public static final double DEFAULT_REVOKE_KEY_ENTER = 0.1;
  public static final double DEFAULT_REVERIFY_STUFFING_ENTER = 0.1;

  /** The defaults (an absent {@code policy.account}). */
  public static final AccountResponseRules DEFAULTS = new AccountResponseRules();

  public final boolean enabled;
  public final long rearmSeconds;
  public final long holdSeconds;
  public final double revokeKeyMinLlr;
  public final double revokeKeyEnter;
  public final boolean reverifyOnStuffingSuccess;
  public final double reverifyStuffingEnter;

  /** Per {@link EvidenceCode} ordinal: whether positive evidence of it requires re-verification. */
  private final boolean[] reverifyOn = new boolean[EvidenceCode.values().length];

  private AccountResponseRules() {
    enabled = true;
    rearmSeconds = (long) DEFAULT_REARM_SECONDS;
    holdSeconds = (long) DEFAULT_HOLD_SECONDS;
    revokeKeyMinLlr = DEFAULT_REVOKE_KEY_MIN_LLR;
    revokeKeyEnter = DEFAULT_REVOKE_KEY_ENTER;
    reverifyOnStuffingSuccess = true;
    reverifyStuffingEnter = DEFAULT_REVERIFY_STUFFING_ENTER;
  }

  AccountResponseRules(StrictNode n) {
    enabled = !n.has("enabled") || n.bool("enabled");
    rearmSeconds =
        (long)
            (n.has("rearmSeconds")
                ? n.number("rearmSeconds", 60, 2_592_000)
                : DEFAULT_REARM_SECONDS);
    holdSeconds =
        (long)
            (n.has("holdSeconds")
                ? n.number("holdSeconds", 3_600, 2_592_000)
                : DEFAULT_HOLD_SECONDS);
    revokeKeyMinLlr =
        n.has("revokeKeyMinLlr")
            ? n.number("revokeKeyMinLlr", 0.01, 50)
            : DEFAULT_REVOKE_KEY_MIN_LLR;
    revokeKeyEnter =
        n.has("revokeKeyEnter") ? n.number("revokeKeyEnter", 0, 1) : DEFAULT_REVOKE_KEY_ENTER;
    reverifyOnStuffingSuccess =
        !n.has("reverifyOnStuffingSuccess") || n.bool("reverifyOnStuffingSuccess");
    reverifyStuffingEnter =
        n.has("reverifyStuffingEnter")
            ? n.number("reverifyStuffingEnter", 0, 1)
            : DEFAULT_REVERIFY_STUFFING_ENTER;
    List<String> codes =
        n.has("reverifyOnEvidence") ? n.texts("reverifyOnEvidence", 8, 64) : List.of();
    for (int i = 0; i < codes.size(); i++) {
      EvidenceCode c = byWireCode(codes.get(i));
      if (c == null) {
        throw new ModelValidationException(
            n.path() + ".reverifyOnEvidence[" + i + "]",
            "unknown evidence code '"
                + codes.get(i)
                + "' (the codes of EvidenceCode, e.g."
                + " session_burst)");
      }
      reverifyOn[c.ordinal()] = true;
    }
    n.finish();
  }

  /** Whether positive evidence of {@code code} requires re-verification (the hook). */
  public boolean reverifiesOn(EvidenceCode code) {
    return reverifyOn[code.ordinal()];
  }

  private static EvidenceCode byWireCode(String code) {
    for (EvidenceCode c : EvidenceCode.values()) {
      if (c.code().equals(code)) {
        return c;
      }
    }
    return null;
  }
}
