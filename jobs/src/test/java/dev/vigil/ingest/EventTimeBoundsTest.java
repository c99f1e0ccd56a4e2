package dev.vigil.ingest;

import static dev.vigil.ingest.AccessLogs.TIMESTAMP_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetterReason;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Event time is bounded in both directions around the ingestion time, on the JSON and the Avro path
 * alike: further ahead than the clock skew is CLOCK_SKEW, further behind than the event age is
 * EVENT_TOO_OLD, and no timestamp, however extreme, overflows the check.
 */
class EventTimeBoundsTest {
  private static final long MINUTE = 60_000;
  private static final long DAY = 24 * 60 * MINUTE;
  private static final IngestLimits LIMITS = IngestLimits.defaults();
  private final AccessLogParser parser = new AccessLogParser(LIMITS);
  private final AvroAccessEventDecoder decoder = new AvroAccessEventDecoder(LIMITS);

  @Test
  void jsonStampsInYear9999And1970AreRefusedWithTheirOwnReasons() {
    assertThat(parseAt("9999-12-31T23:59:59.999Z", TIMESTAMP_MILLIS).reason())
        .isEqualTo(DeadLetterReason.CLOCK_SKEW);
    IngestResult old = parseAt("1970-01-01T00:00:00Z", TIMESTAMP_MILLIS);
    assertThat(old.reason()).isEqualTo(DeadLetterReason.EVENT_TOO_OLD);
    assertThat(old.field()).isEqualTo("@timestamp");
    assertThat(parseAt("0026-01-31T12:00:00Z", TIMESTAMP_MILLIS).reason())
        .isEqualTo(DeadLetterReason.EVENT_TOO_OLD);
  }

  @Test
  void theBoundsAreInclusiveAndTheDefaultsAreFiveMinutesAndTenYears() {
    long skew = LIMITS.maxClockSkewMillis();
    long age = LIMITS.maxEventAgeMillis();
    assertThat(skew).isEqualTo(5 * MINUTE);
    assertThat(age).isEqualTo(3_652 * DAY);
    long at = TIMESTAMP_MILLIS;

    assertThat(LIMITS.timeProblem(at + skew, at)).isNull();
    assertThat(LIMITS.timeProblem(at + skew + 1, at).reason())
        .isEqualTo(DeadLetterReason.CLOCK_SKEW);
    assertThat(LIMITS.timeProblem(at - age, at)).isNull();
    assertThat(LIMITS.timeProblem(at - age - 1, at).reason())
        .isEqualTo(DeadLetterReason.EVENT_TOO_OLD);
    // Simulated history (2026-11-02, two months of warm-up) replayed years later still passes.
    assertThat(LIMITS.timeProblem(at - 9 * 365 * DAY, at)).isNull();
  }

  @Test
  void extremeTimestampsAndIngestionTimesDoNotOverflow() {
    assertThat(LIMITS.timeProblem(Long.MIN_VALUE, TIMESTAMP_MILLIS).reason())
        .isEqualTo(DeadLetterReason.EVENT_TOO_OLD);
    assertThat(LIMITS.timeProblem(Long.MAX_VALUE, TIMESTAMP_MILLIS).reason())
        .isEqualTo(DeadLetterReason.CLOCK_SKEW);
    assertThat(LIMITS.timeProblem(Long.MAX_VALUE, Long.MAX_VALUE)).isNull();
    assertThat(LIMITS.timeProblem(Long.MIN_VALUE, Long.MIN_VALUE)).isNull();
    assertThat(LIMITS.timeProblem(0, Long.MAX_VALUE).reason())
        .isEqualTo(DeadLetterReason.EVENT_TOO_OLD);
    assertThat(LIMITS.timeProblem(0, Long.MIN_VALUE).reason())
        .isEqualTo(DeadLetterReason.CLOCK_SKEW);
  }

  @Test
  void avroEventsAreBoundedTheSameWay() {
    assertThat(decodeAt(Long.MAX_VALUE).reason()).isEqualTo(DeadLetterReason.CLOCK_SKEW);
    assertThat(decodeAt(253_402_300_799_999L).reason()).isEqualTo(DeadLetterReason.CLOCK_SKEW);
    assertThat(decodeAt(0L).reason()).isEqualTo(DeadLetterReason.EVENT_TOO_OLD);
    assertThat(decodeAt(Long.MIN_VALUE).reason()).isEqualTo(DeadLetterReason.EVENT_TOO_OLD);
    assertThat(decodeAt(TIMESTAMP_MILLIS - 1_000).isAccepted()).isTrue();
  }

  @Test
  void aShorterConfiguredAgeRefusesWhatALateShipperDelivers() {
    IngestLimits day = LIMITS.withMaxEventAgeMillis(DAY);
    assertThat(day.timeProblem(TIMESTAMP_MILLIS - 2 * DAY, TIMESTAMP_MILLIS).reason())
        .isEqualTo(DeadLetterReason.EVENT_TOO_OLD);
    assertThat(day.timeProblem(TIMESTAMP_MILLIS - DAY / 2, TIMESTAMP_MILLIS)).isNull();
  }

  private IngestResult parseAt(String timestamp, long ingestedAt) {
    return parser.parse(
        AccessLogs.bytes(AccessLogs.line("\"@timestamp\":\"" + timestamp + "\"")), ingestedAt);
  }

  private IngestResult decodeAt(long timestamp) {
    AccessEvent e = AvroAccessEventDecoderTest.minimalEvent();
    e.setTimestamp(timestamp);
    try {
      ByteBuffer b = e.toByteBuffer();
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      return decoder.decode(bytes, TIMESTAMP_MILLIS);
    } catch (java.io.IOException x) {
      throw new java.io.UncheckedIOException(x);
    }
  }
}
