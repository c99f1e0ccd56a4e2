package dev.vigil.core.policy;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.schema.CommandAction;

/**
 * The account commands one event decided ({@link AccountResponsePolicy}), apart from the session's
 * own actions in {@link Decision}: each with the rule behind it, how long its command stays valid
 * at least, its place in the account's order (sequence) and, for a hold, its length. At most
 * {@value #MAX} (one per account action). Reusable and allocation-free; {@code
 * dev.vigil.core.engine.CommandFactory} turns them into commands with target ACCOUNT.
 */
public final class AccountActions {
  public static final int MAX = 4;

  private final CommandAction[] actions = new CommandAction[MAX];
  private final byte[] rules = new byte[MAX];
  private final double[] values = new double[MAX];
  private final long[] validSeconds = new long[MAX];
  private final long[] holdSeconds = new long[MAX];
  private final long[] sequences = new long[MAX];
  private int count;
  private EvidenceCode hookCode = EvidenceCode.NEW_NETWORK;

  public void clear() {
    count = 0;
  }

  public int count() {
    return count;
  }

  /**
   * Adds one account command.
   *
   * @param value the rule's figure ({@link AccountRule})
   * @param validSeconds the command stays valid at least this long after its issue
   * @param holdSeconds for HOLD_WITHDRAWALS, how long the hold lasts at most; else 0
   * @param sequence the account's order
   */
  public void add(
      CommandAction action,
      AccountRule rule,
      double value,
      long validSeconds,
      long holdSeconds,
      long sequence) {
    if (count == MAX) {
      throw new IllegalStateException("more than " + MAX + " account actions in one decision");
    }
    int i = count++;
    actions[i] = action;
    rules[i] = (byte) rule.ordinal();
    values[i] = value;
    this.validSeconds[i] = validSeconds;
    this.holdSeconds[i] = holdSeconds;
    sequences[i] = sequence;
  }

  public CommandAction action(int i) {
    return actions[i];
  }

  public AccountRule rule(int i) {
    return AccountRule.byOrdinal(rules[i]);
  }

  public double value(int i) {
    return values[i];
  }

  public long validSeconds(int i) {
    return validSeconds[i];
  }

  public long holdSeconds(int i) {
    return holdSeconds[i];
  }

  public long sequence(int i) {
    return sequences[i];
  }

  /** Index of the first account action of that kind, or -1. */
  public int indexOf(CommandAction a) {
    for (int i = 0; i < count; i++) {
      if (actions[i] == a) {
        return i;
      }
    }
    return -1;
  }

  /** The evidence code that fired the hook ({@link AccountRule#EVIDENCE_HOOK}). */
  public EvidenceCode hookCode() {
    return hookCode;
  }

  void hookCode(EvidenceCode code) {
    hookCode = code;
  }
}
