package dev.vigil.core.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.model.VolumeSettings;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeriesScorerTest {
  private static final VolumeSettings V = RiskModelLoader.defaults().volume;

  @Test
  void writesScoreExpectedAndDeviationAndEchoesTimestamps() throws Exception {
    String csv = "timestamp,value\n1767225600000,5\n1767225660000,6\n\n";
    StringWriter out = new StringWriter();

    SeriesScorer.Summary summary = SeriesScorer.score(new StringReader(csv), out, V);

    assertThat(summary.points()).isEqualTo(2);
    assertThat(summary.alarms()).isZero();
    assertThat(summary.timestamps()).isEqualTo(SeriesTimestamps.EPOCH_MILLIS);
    assertThat(out.toString().split("\n"))
        .containsExactly(
            "timestamp,value,score,expected,deviation",
            "1767225600000,5,0.000000,5.0000,0.000",
            "1767225660000,6,0.000000,5.0000,0.781");
  }

  /** The same instant, 2026-01-05T13:00:00Z, in each form read. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1767618000|EPOCH_SECONDS",
        "1767618000.0|EPOCH_SECONDS",
        "1767618000000|EPOCH_MILLIS",
        "2026-01-05T13:00:00Z|ISO_ZONED",
        "2026-01-05T14:00:00+01:00|ISO_ZONED",
        "2026-01-05T14:00:00+01:00[Europe/Paris]|ISO_ZONED",
        "2026-01-05T13:00:00|ISO_LOCAL",
        "2026-01-05T13:00|ISO_LOCAL",
        "2026-01-05 13:00:00|SPACED_LOCAL",
        "2026-01-05 13:00:00.000|SPACED_LOCAL",
        "2026-01-05 14:00:00+01:00|SPACED_ZONED",
      })
  void readsEachTimestampFormAndSaysWhichItAssumed(String ts, SeriesTimestamps form)
      throws Exception {
    String csv = ts + ",3\n";
    SeriesScorer.Summary summary = SeriesScorer.score(new StringReader(csv), new StringWriter(), V);
    assertThat(summary.timestamps()).isEqualTo(form);
    assertThat(form.toEpochMillis(ts)).isEqualTo(1_767_618_000_000L);
  }

  @Test
  void aBareDateIsMidnightUtc() {
    assertThat(SeriesTimestamps.detect("2026-01-05")).isEqualTo(SeriesTimestamps.DATE);
    assertThat(SeriesTimestamps.DATE.toEpochMillis("2026-01-05")).isEqualTo(1_767_571_200_000L);
  }

  @Test
  void namesTheBadLineAndTheFix() {
    assertThatThrownBy(
            () -> SeriesScorer.score(new StringReader("1,2\nx,3\n"), new StringWriter(), V))
        .hasMessage(
            "line 2: timestamp 'x' is not epoch seconds like line 1; use one timestamp form for"
                + " the whole file");
    assertThatThrownBy(
            () -> SeriesScorer.score(new StringReader("yesterday,3\n"), new StringWriter(), V))
        .hasMessageStartingWith("line 1: timestamp 'yesterday' is in none of the forms read: epoch")
        .hasMessageEndingWith("; convert the timestamps to one of them");
    assertThatThrownBy(
            () ->
                SeriesScorer.score(new StringReader("1767618000000000,3\n"), new StringWriter(), V))
        .hasMessageContaining(
            "16 digits: microseconds or nanoseconds? divide to epoch milliseconds");
    assertThatThrownBy(() -> SeriesScorer.score(new StringReader("1,abc\n"), new StringWriter(), V))
        .hasMessageStartingWith("line 1: value 'abc' is not a number");
    assertThatThrownBy(
            () -> SeriesScorer.score(new StringReader("5,1\n4,1\n"), new StringWriter(), V))
        .hasMessage("line 2: timestamp '4' is before the line above; sort by time");
  }

  @Test
  void aLevelShiftInACsvIsOneAlarmAndTheExpectedColumnFollowsTheNewLevel() throws Exception {
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    Random rnd = new Random(9);
    int shift = 3000;
    for (int i = 0; i < 4000; i++) {
      double level = i < shift ? 100 : 160;
      csv.append(1_767_571_200L + 60L * i)
          .append(String.format(Locale.ROOT, ",%.1f%n", level + 10 * rnd.nextGaussian()));
    }
    StringWriter out = new StringWriter();

    SeriesScorer.Summary summary = SeriesScorer.score(new StringReader(csv.toString()), out, V);

    assertThat(summary.timestamps()).isEqualTo(SeriesTimestamps.EPOCH_SECONDS);
    assertThat(summary.alarms()).isEqualTo(1);
    String[] rows = out.toString().split("\n");
    int alarmRow = -1;
    for (int i = 1; i < rows.length; i++) {
      if (Double.parseDouble(rows[i].split(",")[2]) >= VolumeScorer.ALARM) {
        alarmRow = i - 1;
      }
    }
    assertThat(alarmRow).isBetween(shift, shift + 5);
    assertThat(Double.parseDouble(rows[rows.length - 1].split(",")[3]))
        .isCloseTo(160, within(10.0));
  }
}
