package dev.vigil.job.ingest;

import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Routes accepted events to the main output and dead letters to {@link #DEAD_LETTERS}. */
final class SplitDeadLetters extends ProcessFunction<Ingested, AccessEvent> {
  static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

  @Override
  public void processElement(Ingested value, Context ctx, Collector<AccessEvent> out) {
    if (value.isEvent()) {
      out.collect(value.event);
    } else {
      ctx.output(DEAD_LETTERS, value.deadLetter);
    }
  }
}
