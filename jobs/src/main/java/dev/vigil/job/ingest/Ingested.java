package dev.vigil.job.ingest;

import dev.vigil.ingest.IngestResult;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetter;

/**
 * What the ingest sources emit for each raw record: exactly one of an accepted {@link AccessEvent}
 * or a {@link DeadLetter}. Carrying both kinds on one stream keeps per-partition order and lets the
 * source assign watermarks per Kafka partition; {@link SplitDeadLetters} separates them.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so that it needs no Kryo.
 */
public final class Ingested {
  public AccessEvent event;
  public DeadLetter deadLetter;

  public Ingested() {}

  /**
   * Turns a parse result into an {@link Ingested}, attaching the raw bytes (at most {@link
   * DeadLetterRaw#MAX_RAW_BYTES} of them, with the length and hash of all) and origin to a
   * rejection.
   *
   * @param raw the record value exactly as read (may be null)
   * @param topic source topic, or null for files
   * @param partition source partition, or null
   * @param offset source offset (Kafka) or line number (files), or null
   * @param rejectedAtMillis when the rejection happened
   */
  public static Ingested of(
      IngestResult result,
      byte[] raw,
      String topic,
      Integer partition,
      Long offset,
      long rejectedAtMillis) {
    Ingested out = new Ingested();
    if (result.isAccepted()) {
      out.event = result.event();
    } else {
      out.deadLetter =
          DeadLetterRaw.whole(DeadLetter.newBuilder(), raw)
              .setSourceTopic(topic)
              .setSourcePartition(partition)
              .setSourceOffset(offset)
              .setReason(result.reason())
              .setField(result.field())
              .setMessage(result.message())
              .setTime(rejectedAtMillis)
              .build();
    }
    return out;
  }

  /**
   * A dead letter for a record read as a stream and cut: {@code prefix} holds its first bytes,
   * {@code length} and {@code sha256} describe all of it.
   */
  static Ingested cut(
      IngestResult rejection,
      byte[] prefix,
      long length,
      byte[] sha256,
      String fileName,
      long lineNumber,
      long rejectedAtMillis) {
    Ingested out = new Ingested();
    out.deadLetter =
        DeadLetterRaw.cut(DeadLetter.newBuilder(), prefix, prefix.length, length, sha256)
            .setSourceTopic(fileName)
            .setSourcePartition(null)
            .setSourceOffset(lineNumber)
            .setReason(rejection.reason())
            .setField(rejection.field())
            .setMessage(rejection.message())
            .setTime(rejectedAtMillis)
            .build();
    return out;
  }

  public boolean isEvent() {
    return event != null;
  }
}
