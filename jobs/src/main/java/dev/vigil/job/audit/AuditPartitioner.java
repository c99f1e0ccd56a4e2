package dev.vigil.job.audit;

import dev.vigil.schema.RiskDecision;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.kafka.common.utils.Utils;

/**
 * The Kafka partition of an audit record: Kafka's own choice for its key, the session id ({@code
 * toPositive(murmur2(key)) % partitions}, as the producer's built-in partitioner computes it for a
 * keyed record; Kafka's {@code BuiltInPartitioner.partitionForKey}), so a session's records stay
 * together in one partition as before. The sink writes each record to the partition its chain link
 * names, so the chain and the topic agree even if a client's partitioner differs.
 */
public final class AuditPartitioner implements KeySelector<RiskDecision, Integer> {
  private static final long serialVersionUID = 1L;

  private final int partitions;

  /**
   * @param partitions the audit topic's partition count, at least 1
   */
  public AuditPartitioner(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("an audit topic has at least 1 partition: " + partitions);
    }
    this.partitions = partitions;
  }

  @Override
  public Integer getKey(RiskDecision d) {
    return partitionFor(d.getSessionId(), partitions);
  }

  /** The partition of {@code key} among {@code partitions}. */
  public static int partitionFor(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
