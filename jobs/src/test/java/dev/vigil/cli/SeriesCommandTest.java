package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesCommandTest {
  @TempDir Path dir;

  @Test
  void scoresEveryPointAndTheSpikeStandsOut() throws Exception {
    List<String> lines = new ArrayList<>(List.of("timestamp,value"));
    long t = 1_764_400_000_000L;
    for (int i = 0; i < 600; i++) {
      double value = 100 + (i % 7) - 3; // a steady level with a little noise
      if (i == 550) {
        value = 1_000; // a burst of failed logins
      }
      lines.add((t + i * 60_000L) + "," + value);
    }
    Path input = dir.resolve("failed-logins.csv");
    Files.write(input, lines);
    Path output = dir.resolve("scored.csv");

    CliRun run = CliRun.of("series", "--input", input.toString(), "--out", output.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out().strip())
        .isEqualTo(
            "vigil series: 600 points, timestamps read as epoch milliseconds; 1 alarm (score >="
                + " 0.5); wrote "
                + output);
    List<String> scored = Files.readAllLines(output);
    assertThat(scored.get(0)).isEqualTo("timestamp,value,score,expected,deviation");
    assertThat(scored).hasSize(601);
    double spike = score(scored.get(551));
    assertThat(spike).isBetween(0.5, 1.0);
    double quiet =
        scored.subList(400, 550).stream().mapToDouble(SeriesCommandTest::score).max().orElseThrow();
    assertThat(quiet).isZero();
    double expectedAfter = Double.parseDouble(scored.get(552).split(",")[3]);
    assertThat(expectedAfter).as("the baseline is kept after a spike").isBetween(95.0, 105.0);
  }

  @Test
  void writingToStandardOutputPutsTheTimestampFormItAssumedOnStandardError() throws Exception {
    Path input = dir.resolve("from-a-database.csv");
    Files.write(
        input, List.of("timestamp,value", "2026-01-05 13:00:00,12", "2026-01-05 13:01:00,13"));

    CliRun run = CliRun.of("series", "--input", input.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines())
        .hasSize(3)
        .first()
        .isEqualTo("timestamp,value,score,expected,deviation");
    assertThat(run.err().strip())
        .isEqualTo(
            "vigil series: 2 points, timestamps read as 'YYYY-MM-DD HH:MM:SS', read as UTC; 0"
                + " alarms (score >= 0.5)");
  }

  @Test
  void timestampsInNoFormReadAreRefusedWithTheFormsThatAre() throws Exception {
    Path input = dir.resolve("us-dates.csv");
    Files.write(input, List.of("timestamp,value", "01/05/2026 13:00,12"));

    CliRun run = CliRun.of("series", "--input", input.toString());

    assertThat(run.exitCode()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(run.err())
        .contains(
            "line 2: timestamp '01/05/2026 13:00' is in none of the forms read: epoch seconds")
        .contains("'YYYY-MM-DD HH:MM:SS'; convert the timestamps to one of them")
        .doesNotContain("\tat ");
  }

  @Test
  void evaluatePrintsTheFiguresOfEachDetectorOnTheGivenSeeds() {
    CliRun run = CliRun.of("series", "--evaluate", "--seeds", "3-4");
    CliRun summed = CliRun.of("series", "--evaluate", "--seeds", "3", "--sum-minutes", "5");

    assertThat(summed.exitCode()).as(summed.err()).isZero();
    assertThat(summed.out()).contains("| onset (CUSUM) | 3-3 (5-min sums) | ");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines())
        .hasSize(6)
        .anyMatch(l -> l.startsWith("| onset (CUSUM) | 3-4 | "))
        .anyMatch(l -> l.startsWith("| robust Holt-Winters | 3-4 | "))
        .anyMatch(l -> l.startsWith("| windowed Gaussian | 3-4 | "))
        .anyMatch(l -> l.startsWith("| EWMA chart | 3-4 | "));
  }

  @Test
  void usageMistakesExitTwoNamingTheFix() {
    CliRun none = CliRun.of("series");
    assertThat(none.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(none.err()).contains("give --input FILE.csv (or --evaluate)");
    CliRun badSeeds = CliRun.of("series", "--evaluate", "--seeds", "ten");
    assertThat(badSeeds.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(badSeeds.err()).contains("--seeds 'ten' is not FROM-TO (e.g. 1-10) or one seed");
    CliRun zero = CliRun.of("series", "--evaluate", "--sum-minutes", "0");
    assertThat(zero.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(zero.err()).contains("--sum-minutes must be 1-1440, not 0");
    CliRun both = CliRun.of("series", "--evaluate", "--input", "x.csv");
    assertThat(both.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(both.err()).contains("--evaluate reads no --input and writes no --out");
  }

  @Test
  void aMalformedLineIsNamedOnOneLine() throws Exception {
    Path input = dir.resolve("bad.csv");
    Files.write(input, List.of("timestamp,value", "1764400000000,12", "yesterday,13"));

    CliRun run = CliRun.of("series", "--input", input.toString());

    assertThat(run.exitCode()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(run.err()).contains("line 3").doesNotContain("\tat ");
  }

  @Test
  void theOldSpellingOutputStillWritesTheFileWithANoteThatItGoes() throws Exception {
    Path input = dir.resolve("s.csv");
    Files.write(input, List.of("timestamp,value", "1764400000000,12", "1764400060000,13"));
    Path output = dir.resolve("scored.csv");

    CliRun run = CliRun.of("series", "--input", input.toString(), "--output", output.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(output).content().hasLineCount(3);
    assertThat(run.err().strip())
        .isEqualTo(
            "vigil: note: --output is the old spelling of --out and goes in the next release");
  }

  private static double score(String line) {
    return Double.parseDouble(line.split(",")[2]);
  }
}
