package dev.vigil.ingest;

import dev.vigil.schema.DeadLetterReason;

/**
 * Bounds that ingest enforces on every record, whatever its format. Immutable; start from {@link
 * #defaults()} and adjust with the {@code with...} methods.
 */
public final class IngestLimits {

  private static final IngestLimits DEFAULTS = new IngestLimits(64 * 1024, 5 * 60 * 1000L, 8);

  private final int maxRecordBytes;
  private final long maxClockSkewMillis;
  private final int maxDepth;

  private IngestLimits(int maxRecordBytes, long maxClockSkewMillis, int maxDepth) {
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException(
          "maxRecordBytes must be at least 1, got " + maxRecordBytes);
    }
    if (maxClockSkewMillis < 0) {
      throw new IllegalArgumentException(
          "maxClockSkewMillis must not be negative, got " + maxClockSkewMillis);
    }
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be at least 1, got " + maxDepth);
    }
    this.maxRecordBytes = maxRecordBytes;
    this.maxClockSkewMillis = maxClockSkewMillis;
    this.maxDepth = maxDepth;
  }

  /** 64 KiB records, 5 minutes of clock skew, JSON nesting depth 8. */
  public static IngestLimits defaults() {
    return DEFAULTS;
  }

  public IngestLimits withMaxRecordBytes(int bytes) {
    return new IngestLimits(bytes, maxClockSkewMillis, maxDepth);
  }

  public IngestLimits withMaxClockSkewMillis(long millis) {
    return new IngestLimits(maxRecordBytes, millis, maxDepth);
  }

  public IngestLimits withMaxDepth(int depth) {
    return new IngestLimits(maxRecordBytes, maxClockSkewMillis, depth);
  }

  /** Largest record value accepted, in bytes; larger ones are rejected before any parsing. */
  /**
   * The rejection of a record that is empty or over the size cap, or null when its size is fine.
   */
  public IngestResult sizeProblem(byte[] value) {
    if (value == null || value.length == 0) {
      return IngestResult.rejected(DeadLetterReason.EMPTY_RECORD, null, "record is empty");
    }
    if (value.length > maxRecordBytes) {
      return IngestResult.rejected(
          DeadLetterReason.OVERSIZED,
          null,
          "record has " + value.length + " bytes, more than the " + maxRecordBytes + " allowed");
    }
    return null;
  }

  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  /** How far {@code @timestamp} may lie ahead of the ingestion time. */
  public long maxClockSkewMillis() {
    return maxClockSkewMillis;
  }

  /** Deepest JSON nesting accepted; the top-level object is depth 1. */
  public int maxDepth() {
    return maxDepth;
  }

  @Override
  public String toString() {
    return "IngestLimits{maxRecordBytes="
        + maxRecordBytes
        + ", maxClockSkewMillis="
        + maxClockSkewMillis
        + ", maxDepth="
        + maxDepth
        + '}';
  }
}
