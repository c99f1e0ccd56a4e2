package dev.vigil.job.risk;

import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.EnforcementOutcome;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One element of the session risk operator's keyed input: an access event or a gateway's outcome
 * (exactly one is set), both keyed by account id, so that an outcome reaches the state of the
 * account's sessions in the same operator and in order with the account's events. Serialised by
 * {@link RiskInputSerializer} ({@link RiskInputTypeInfo}): the event field by field, the outcome
 * with Flink's Avro serializer.
 */
@TypeInfo(RiskInputTypeInfo.Factory.class)
public final class RiskInput {
  public AccessEvent event;
  public EnforcementOutcome outcome;

  public RiskInput() {}

  public static RiskInput ofEvent(AccessEvent event) {
    RiskInput in = new RiskInput();
    in.event = event;
    return in;
  }

  public static RiskInput ofOutcome(EnforcementOutcome outcome) {
    RiskInput in = new RiskInput();
    in.outcome = outcome;
    return in;
  }

  /** The key: the account id of the event or of the outcome. */
  public String accountId() {
    return event != null ? event.getAccountId() : outcome.getAccountId();
  }
}
