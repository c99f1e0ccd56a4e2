package dev.vigil.job.outcome;

import dev.vigil.job.ingest.DeadLetterRaw;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.EnforcementOutcome;

/**
 * What the outcome source emits for each raw record: exactly one of an accepted {@link
 * EnforcementOutcome} or a {@link DeadLetter} (raw bytes, reason, origin). A Flink POJO (public
 * fields, no-arg constructor) so that it needs no Kryo.
 */
public final class OutcomeRecord {
  public EnforcementOutcome outcome;
  public DeadLetter deadLetter;

  public OutcomeRecord() {}

  static OutcomeRecord accepted(EnforcementOutcome o) {
    OutcomeRecord r = new OutcomeRecord();
    r.outcome = o;
    return r;
  }

  static OutcomeRecord refused(
      dev.vigil.ingest.AvroOutcomeDecoder.Decoded why,
      byte[] raw,
      String topic,
      int partition,
      long offset,
      long rejectedAtMillis) {
    OutcomeRecord r = new OutcomeRecord();
    r.deadLetter =
        DeadLetterRaw.whole(DeadLetter.newBuilder(), raw)
            .setSourceTopic(topic)
            .setSourcePartition(partition)
            .setSourceOffset(offset)
            .setReason(why.reason())
            .setField(why.field())
            .setMessage(why.message())
            .setTime(rejectedAtMillis)
            .build();
    return r;
  }

  public boolean isOutcome() {
    return outcome != null;
  }
}
