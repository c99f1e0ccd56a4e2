package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {

  @ParameterizedTest
  @CsvSource({
    "1970-01-01T00:00:00Z, 0",
    "1969-12-31T23:59:59.999Z, -1",
    "2000-02-29T00:00:00Z, 951782400000",
    "2026-01-31T12:00:00.1239Z, 1769860800123",
    "2026-01-31t12:00:00z, 1769860800000",
    "2026-01-31 13:30:00+01:30, 1769860800000",
    "2026-01-31T12:00:00-00:00, 1769860800000",
    "0000-01-01T00:00:00Z, -62167219200000",
    "9999-12-31T23:59:59.999999999Z, 253402300799999"
  })
  void parsesValidDateTimes(String text, long millis) {
    assertThat(Rfc3339.parseMillis(text)).isEqualTo(millis);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "2026-01-31",
        "2026-01-31T12:00:00",
        "2026-01-31T12:00Z",
        "2026-02-30T00:00:00Z",
        "2025-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z",
        "2026-01-00T00:00:00Z",
        "2026-01-31T24:00:00Z",
        "2026-01-31T12:60:00Z",
        "2026-01-31T23:59:60Z",
        "2026-01-31T12:00:00.Z",
        "2026-01-31T12:00:00.1234567890Z",
        "2026-01-31T12:00:00+0100",
        "2026-01-31T12:00:00+01",
        "2026-01-31T12:00:00+24:00",
        "2026-01-31T12:00:00+01:60",
        "2026-01-31T12:00:00Z ",
        " 2026-01-31T12:00:00Z",
        "2026-01-31_12:00:00Z",
        "2026/01/31T12:00:00Z",
        "+2026-01-31T12:00:00Z",
        "2026-1-31T12:00:00Z",
        "２０２６-01-31T12:00:00Z",
        "2026-01-31T12:00:00UTC",
        "1769860800"
      })
  void rejectsAnythingElse(String text) {
    assertThat(Rfc3339.parseMillis(text)).isEqualTo(Rfc3339.INVALID);
  }

  @Property
  void agreesWithOffsetDateTime(
      @ForAll @LongRange(min = -62_135_596_800L + 86_400, max = 253_402_300_799L - 86_400)
          long epochSecond,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
      @ForAll @IntRange(min = 0, max = 9) int fractionDigits,
      @ForAll @IntRange(min = -18 * 60, max = 18 * 60) int offsetMinutes) {
    ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
    LocalDateTime local = LocalDateTime.ofEpochSecond(epochSecond, 0, offset);
    StringBuilder text =
        new StringBuilder(
            String.format(
                "%04d-%02d-%02dT%02d:%02d:%02d",
                local.getYear(),
                local.getMonthValue(),
                local.getDayOfMonth(),
                local.getHour(),
                local.getMinute(),
                local.getSecond()));
    if (fractionDigits > 0) {
      text.append('.').append(String.format("%09d", nanos), 0, fractionDigits);
    }
    text.append(offsetMinutes == 0 ? "Z" : offset.getId());

    long expected = OffsetDateTime.parse(text).toInstant().toEpochMilli();

    assertThat(Rfc3339.parseMillis(text)).as(text.toString()).isEqualTo(expected);
  }

  @Property
  void neverThrowsOnArbitraryText(
      @ForAll @StringLength(max = 40) @CharRange(from = ' ', to = 'z') String text) {
    long millis = Rfc3339.parseMillis(text);
    if (millis != Rfc3339.INVALID) {
      assertThat(text).hasSizeGreaterThanOrEqualTo(20);
    }
  }
}
