package dev.vigil.ingest;

import dev.vigil.schema.DeadLetterReason;

/**
 * Bounds that ingest enforces on every record, whatever its format. Immutable; start from {@link
 * #defaults()} and adjust with the {@code with...} methods.
 */
public final class IngestLimits {

  /** Ten years of 365.25 days: see {@link #maxEventAgeMillis()}. */
  static final long DEFAULT_MAX_EVENT_AGE_MILLIS = 3_652L * 24 * 60 * 60 * 1000;

  private static final IngestLimits DEFAULTS =
      new IngestLimits(64 * 1024, 5 * 60 * 1000L, DEFAULT_MAX_EVENT_AGE_MILLIS, 8);

  private final int maxRecordBytes;
  private final long maxClockSkewMillis;
  private final long maxEventAgeMillis;
  private final int maxDepth;

  private IngestLimits(
      int maxRecordBytes, long maxClockSkewMillis, long maxEventAgeMillis, int maxDepth) {
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException(
          "maxRecordBytes must be at least 1, got " + maxRecordBytes);
    }
    if (maxClockSkewMillis < 0) {
      throw new IllegalArgumentException(
          "maxClockSkewMillis must not be negative, got " + maxClockSkewMillis);
    }
    if (maxEventAgeMillis < 0) {
      throw new IllegalArgumentException(
          "maxEventAgeMillis must not be negative, got " + maxEventAgeMillis);
    }
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be at least 1, got " + maxDepth);
    }
    this.maxRecordBytes = maxRecordBytes;
    this.maxClockSkewMillis = maxClockSkewMillis;
    this.maxEventAgeMillis = maxEventAgeMillis;
    this.maxDepth = maxDepth;
  }

  /** 64 KiB records, 5 minutes of clock skew, events up to ten years old, JSON nesting depth 8. */
  public static IngestLimits defaults() {
    return DEFAULTS;
  }

  public IngestLimits withMaxRecordBytes(int bytes) {
    return new IngestLimits(bytes, maxClockSkewMillis, maxEventAgeMillis, maxDepth);
  }

  public IngestLimits withMaxClockSkewMillis(long millis) {
    return new IngestLimits(maxRecordBytes, millis, maxEventAgeMillis, maxDepth);
  }

  public IngestLimits withMaxEventAgeMillis(long millis) {
    return new IngestLimits(maxRecordBytes, maxClockSkewMillis, millis, maxDepth);
  }

  public IngestLimits withMaxDepth(int depth) {
    return new IngestLimits(maxRecordBytes, maxClockSkewMillis, maxEventAgeMillis, depth);
  }

  /**
   * The rejection of a record that is empty or over the size cap, or null when its size is fine.
   */
  public IngestResult sizeProblem(byte[] value) {
    if (value == null || value.length == 0) {
      return IngestResult.rejected(DeadLetterReason.EMPTY_RECORD, null, "record is empty");
    }
    if (value.length > maxRecordBytes) {
      return oversized(value.length);
    }
    return null;
  }

  /** The rejection of a record of {@code length} bytes, more than {@link #maxRecordBytes()}. */
  public IngestResult oversized(long length) {
    return IngestResult.rejected(
        DeadLetterReason.OVERSIZED,
        null,
        "record has " + length + " bytes, more than the " + maxRecordBytes + " allowed");
  }

  /** Largest record value accepted, in bytes; larger ones are rejected before any parsing. */
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  /**
   * How far {@code @timestamp} may lie ahead of the ingestion time; further is {@code CLOCK_SKEW}.
   * Nothing legitimate comes from the future: NTP keeps servers within milliseconds, so five
   * minutes only absorbs a badly synchronised gateway, and bounds how far one event can move event
   * time ahead of the wall clock.
   */
  public long maxClockSkewMillis() {
    return maxClockSkewMillis;
  }

  /**
   * How far {@code @timestamp} may lie behind the ingestion time; further is {@code EVENT_TOO_OLD}.
   * Ten years by default: longer than the six years SEC rule 17a-4(a) keeps a broker-dealer's main
   * records, and than the simulator's history, so replays of real or simulated logs pass whenever
   * they run, while the values broken clocks and encoders produce (epoch 0 and 1970 dates, seconds
   * read as milliseconds, two-digit years such as 0026) are refused before they reach time-decayed
   * state.
   */
  public long maxEventAgeMillis() {
    return maxEventAgeMillis;
  }

  /**
   * The rejection of an event stamped {@code eventMillis} that lies outside [{@code
   * ingestedAtMillis} - {@link #maxEventAgeMillis()}, {@code ingestedAtMillis} + {@link
   * #maxClockSkewMillis()}], or null when it lies inside. Saturating, so no timestamp overflows.
   */
  public IngestResult timeProblem(long eventMillis, long ingestedAtMillis) {
    if (eventMillis > saturatedAdd(ingestedAtMillis, maxClockSkewMillis)) {
      return IngestResult.rejected(
          DeadLetterReason.CLOCK_SKEW,
          EcsField.TIMESTAMP.ecsName,
          "event time is more than " + maxClockSkewMillis + " ms ahead of the ingestion time");
    }
    if (eventMillis < saturatedAdd(ingestedAtMillis, -maxEventAgeMillis)) {
      return IngestResult.rejected(
          DeadLetterReason.EVENT_TOO_OLD,
          EcsField.TIMESTAMP.ecsName,
          "event time is more than " + maxEventAgeMillis + " ms behind the ingestion time");
    }
    return null;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    // Overflow only when both have the same sign and the sum's sign differs.
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
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
        + ", maxEventAgeMillis="
        + maxEventAgeMillis
        + ", maxDepth="
        + maxDepth
        + '}';
  }
}
