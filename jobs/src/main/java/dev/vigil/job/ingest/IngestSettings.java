package dev.vigil.job.ingest;

import dev.vigil.ingest.IngestLimits;
import java.io.Serializable;
import java.time.Duration;

/**
 * Tunables of the ingest stage. Serializable because Flink ships it to the task managers with the
 * functions that use it; it holds only primitives.
 *
 * @param maxRecordBytes larger records are dead-lettered as OVERSIZED
 * @param maxClockSkewMillis events stamped further ahead of ingestion time are dead-lettered
 * @param maxEventAgeMillis events stamped further behind ingestion time are dead-lettered
 * @param maxOutOfOrderness how late an event may be and still be in order for event time
 * @param idleTimeout a partition silent this long stops holding back the watermark
 * @param deadLetterRaw dead letters keep the refused record's bytes (whole up to 64 KiB), so it can
 *     be fixed and replayed; false keeps only its length and SHA-256 ({@link
 *     DeadLetterRaw#withoutRaw})
 */
public record IngestSettings(
    int maxRecordBytes,
    long maxClockSkewMillis,
    long maxEventAgeMillis,
    Duration maxOutOfOrderness,
    Duration idleTimeout,
    boolean deadLetterRaw)
    implements Serializable {

  public static IngestSettings defaults() {
    IngestLimits limits = IngestLimits.defaults();
    return new IngestSettings(
        limits.maxRecordBytes(),
        limits.maxClockSkewMillis(),
        limits.maxEventAgeMillis(),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        true);
  }

  /** Dead letters without the record's bytes: length and SHA-256 only. */
  public IngestSettings withoutDeadLetterRaw() {
    return new IngestSettings(
        maxRecordBytes,
        maxClockSkewMillis,
        maxEventAgeMillis,
        maxOutOfOrderness,
        idleTimeout,
        false);
  }

  public IngestLimits limits() {
    return IngestLimits.defaults()
        .withMaxRecordBytes(maxRecordBytes)
        .withMaxClockSkewMillis(maxClockSkewMillis)
        .withMaxEventAgeMillis(maxEventAgeMillis);
  }
}
