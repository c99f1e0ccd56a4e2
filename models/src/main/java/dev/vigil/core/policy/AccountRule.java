package dev.vigil.core.policy;

/**
 * Why the account-level response acted ({@link AccountResponsePolicy}): the first reason of every
 * account command, with its wire code and plain words. The value is the rule's figure: the
 * session's probability, the {@code concurrent_key_use} nats, or the hook's evidence nats.
 */
public enum AccountRule {
  KILLED_WITH_WITHDRAWAL_RIGHTS(
      "killed_with_withdrawal_rights",
      "session %s was killed (P = %s) after it used withdrawal rights or added a withdrawal"
          + " address: the credentials behind it can move the account's funds",
      "probability"),
  KEY_IN_TWO_PLACES(
      "key_in_two_places",
      "session %s signed with an API key that another session of the account used at the same time"
          + " from another infrastructure (concurrent_key_use %s nats): the key is copied",
      "key_llr"),
  SECURITY_CHANGE_THEN_KILL(
      "security_change_then_kill",
      "session %s changed a security setting (MFA, e-mail) and was then killed (P = %s): the"
          + " account's second factor may be the attacker's now",
      "probability"),
  EVIDENCE_HOOK(
      "reverify_on_evidence",
      "session %s carries evidence the policy re-verifies on (%s nats; policy.account"
          + ".reverifyOnEvidence)",
      "llr"),
  STUFFING_SUCCESS(
      "stuffing_success",
      "session %s logged in successfully from a network in a credential-stuffing wave and reached"
          + " P = %s: the account's password is on the attacker's list",
      "probability");

  private static final AccountRule[] VALUES = values();

  private final String code;
  private final String template;
  private final String valueName;

  AccountRule(String code, String template, String valueName) {
    this.code = code;
    this.template = template;
    this.valueName = valueName;
  }

  /** The stable wire code (a Reason's code). */
  public String code() {
    return code;
  }

  /** A format with two {@code %s}: the session id, then the value. */
  public String template() {
    return template;
  }

  public String valueName() {
    return valueName;
  }

  public static AccountRule byOrdinal(int ordinal) {
    return VALUES[ordinal];
  }
}
