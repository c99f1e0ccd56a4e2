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
    List<String> scored = Files.readAllLines(output);
    assertThat(scored.get(0)).isEqualTo("timestamp,value,score");
    assertThat(scored).hasSize(601);
    double spike = score(scored.get(551));
    assertThat(spike).isBetween(0.0, 1.0).isGreaterThan(0.9);
    double quiet =
        scored.subList(400, 550).stream().mapToDouble(SeriesCommandTest::score).max().orElseThrow();
    assertThat(quiet).isLessThan(0.5);
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
    return Double.parseDouble(line.substring(line.lastIndexOf(',') + 1));
  }
}
