package dev.vigil.job.cases;

import dev.vigil.audit.Pseudonymiser;
import dev.vigil.cases.NetworkPrefix;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.CaseGrouping;
import dev.vigil.schema.RiskDecision;
import java.util.Objects;

/**
 * An enforced decision with one thing it shares across accounts: the source network of its event
 * ({@link CaseGrouping#NETWORK}, the /24 or /48 in CIDR text, {@link NetworkPrefix}) or the
 * withdrawal address the event named ({@link CaseGrouping#WITHDRAWAL_ADDRESS}). The session risk
 * operator emits these on a side output, never to a topic, so that the case stage can group
 * decisions of several accounts ({@link SharedCaseFunction}) while the audit record itself carries
 * no network or address. When the audit trail is pseudonymised, {@link #groupKey} is the keyed
 * pseudonym of the prefix or address (the same key and function as the audit record's identifiers).
 *
 * <p>A Flink POJO (public fields, no-arg constructor), the decision serialized as Avro.
 */
public final class CaseOrigin {
  /** The audit record as written (pseudonymised when the trail is). */
  public RiskDecision decision;

  /** NETWORK or WITHDRAWAL_ADDRESS. */
  public CaseGrouping groupedBy;

  /** The prefix in CIDR text or the address, or its pseudonym. */
  public String groupKey;

  public CaseOrigin() {}

  public CaseOrigin(RiskDecision decision, CaseGrouping groupedBy, String groupKey) {
    this.decision = decision;
    this.groupedBy = groupedBy;
    this.groupKey = groupKey;
  }

  /**
   * The key the case stage groups by: the grouping and the key, so a prefix never meets an address.
   */
  public String stateKey() {
    return groupedBy.name() + ' ' + groupKey;
  }

  /**
   * Whether the operator emits origins for {@code d}: enforced and either issued a command or
   * raised the probability. A superset of {@link dev.vigil.cases.CaseSignal#mayCount} for every
   * {@code cases.min-probability} (a setting of the case stage, not of the risk operator), which
   * the case stage applies exactly before its keyBy; allocation-free.
   */
  public static boolean emits(RiskDecision d) {
    return !d.getShadow()
        && (!d.getCommandIds().isEmpty() || d.getProbability() > d.getPreviousProbability());
  }

  /** The network origin of {@code d} from its event, or null for a source that is no IP literal. */
  public static CaseOrigin network(RiskDecision d, AccessEvent e, Pseudonymiser pseudonyms) {
    String prefix = NetworkPrefix.of(e.getSourceIp());
    return prefix == null
        ? null
        : new CaseOrigin(
            d, CaseGrouping.NETWORK, pseudonyms == null ? prefix : pseudonyms.pseudonym(prefix));
  }

  /** The withdrawal-address origin of {@code d}, or null when the event named none. */
  public static CaseOrigin address(RiskDecision d, AccessEvent e, Pseudonymiser pseudonyms) {
    String a = e.getWithdrawalAddress();
    if (a == null || a.isEmpty()) {
      return null;
    }
    return new CaseOrigin(
        d, CaseGrouping.WITHDRAWAL_ADDRESS, pseudonyms == null ? a : pseudonyms.pseudonym(a));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CaseOrigin c
        && Objects.equals(decision, c.decision)
        && groupedBy == c.groupedBy
        && Objects.equals(groupKey, c.groupKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(decision, groupedBy, groupKey);
  }

  @Override
  public String toString() {
    return groupedBy + " " + groupKey + " " + (decision == null ? null : decision.getDecisionId());
  }
}
