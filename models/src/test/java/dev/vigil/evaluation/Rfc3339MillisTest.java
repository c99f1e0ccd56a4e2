package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339MillisTest {
  @Test
  void readsEveryMillisecondFormAsInstantParseDoes() {
    Random random = new Random(3);
    for (int i = 0; i < 200_000; i++) {
      long t = random.nextLong(-62_167_219_200_000L, 253_402_300_799_999L); // years 0000 to 9999
      String s = Instant.ofEpochMilli(t).toString();
      if (s.length() != 24) {
        s = s.substring(0, s.length() - 1) + (s.contains(".") ? "" : ".000") + "Z";
      }
      if (s.length() != 24) {
        continue; // Instant prints whole seconds without milliseconds, years past 9999 longer
      }
      assertThat(parse(s)).as(s).isEqualTo(Instant.parse(s).toEpochMilli());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-02T00:00:00Z",
        "2026-11-02T00:00:00.006+00:00",
        "2026-11-02t00:00:00.006Z",
        "2026-11-02T00:00:00.006z",
        "2026-02-29T00:00:00.000Z",
        "2026-13-01T00:00:00.000Z",
        "2026-11-02T24:00:00.000Z",
        "2026-11-02T23:59:60.000Z",
        "2026-11-0xT00:00:00.000Z",
        "+2026-11-02T00:00:00.00Z"
      })
  void leavesEveryOtherFormToInstantParse(String s) {
    assertThat(parse(s)).isEqualTo(Rfc3339Millis.OTHER);
  }

  @Test
  void readsALeapDay() {
    assertThat(parse("2028-02-29T12:34:56.789Z"))
        .isEqualTo(Instant.parse("2028-02-29T12:34:56.789Z").toEpochMilli());
  }

  private static long parse(String s) {
    char[] c = ("xx" + s).toCharArray();
    return Rfc3339Millis.parse(c, 2, s.length());
  }
}
