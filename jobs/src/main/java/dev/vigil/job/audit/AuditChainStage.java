package dev.vigil.job.audit;

import dev.vigil.schema.RiskDecision;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Puts the audit records on their hash chains before the exactly-once sink: keyed by target
 * partition, then {@link AuditChainFunction}. The operator's uid is part of savepoints: never
 * change it (a job restored without its state would start every chain again at sequence 0, which
 * {@code vigil audit verify} reports as a break).
 */
public final class AuditChainStage {
  public static final String UID = "audit-chain";

  private AuditChainStage() {}

  /**
   * @param partitions the audit topic's partition count
   */
  public static DataStream<RiskDecision> attach(
      DataStream<RiskDecision> decisions, int partitions) {
    return decisions
        .keyBy(new AuditPartitioner(partitions))
        .process(new AuditChainFunction())
        .returns(decisions.getType())
        .uid(UID)
        .name(UID);
  }
}
