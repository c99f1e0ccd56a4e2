package dev.vigil.bench;

import dev.vigil.job.risk.RiskInput;
import dev.vigil.schema.SessionCommand;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The keyed operator of the benchmark's pass-through job: where the session risk job scores, this
 * takes each event and emits nothing (no state, no timers, no scoring). The pass-through job thus
 * pays for the same Kafka source, Avro decoding and validation, shuffle by account (the same {@link
 * RiskInput} on the wire), and sinks with their producers and transactions as the full job, and for
 * nothing the scoring decides: the commands and audit records it writes. It is the floor the full
 * job is measured against.
 */
public final class PassThroughFunction
    extends KeyedProcessFunction<String, RiskInput, SessionCommand> {
  private static final long serialVersionUID = 1L;

  @Override
  public void processElement(RiskInput event, Context ctx, Collector<SessionCommand> out) {
    // Delivered, deserialised and keyed: all the pass-through job is there to pay for.
  }
}
