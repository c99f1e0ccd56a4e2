package dev.vigil.job.audit;

import dev.vigil.audit.AuditChain;
import dev.vigil.schema.RiskDecision;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Links each audit record to the hash chain of the Kafka partition it will be written to. Keyed by
 * that partition ({@link AuditPartitioner}), so one instance sees a partition's records in the
 * order the sink writes them; the chain head (sequence and hash of the partition's last record) is
 * keyed state, checkpointed with the transactions of the exactly-once sink: a restored job
 * continues the chain from the last committed record, and what an aborted transaction held is
 * written again with the same places in the chain.
 *
 * <p>State: one long and one 64-character string per partition. Cost: one SHA-256 over the record's
 * canonical form (about 1-3 µs for a decision with its evidence) and one string.
 */
public final class AuditChainFunction
    extends KeyedProcessFunction<Integer, RiskDecision, RiskDecision> {
  private static final long serialVersionUID = 1L;

  /** State names are part of savepoints: never rename them. */
  static final ValueStateDescriptor<Long> SEQUENCE =
      new ValueStateDescriptor<>("audit-chain-sequence", Types.LONG);

  static final ValueStateDescriptor<String> HASH =
      new ValueStateDescriptor<>("audit-chain-hash", Types.STRING);

  private transient ValueState<Long> sequence;
  private transient ValueState<String> hash;
  private transient AuditChain chain;

  @Override
  public void open(OpenContext openContext) {
    sequence = getRuntimeContext().getState(SEQUENCE);
    hash = getRuntimeContext().getState(HASH);
    chain = new AuditChain();
  }

  @Override
  public void processElement(RiskDecision decision, Context ctx, Collector<RiskDecision> out)
      throws Exception {
    Long last = sequence.value();
    long next = last == null ? 0 : last + 1;
    String previous = last == null ? AuditChain.GENESIS : hash.value();
    hash.update(chain.link(decision, ctx.getCurrentKey(), next, previous));
    sequence.update(next);
    out.collect(decision);
  }
}
