package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress line of simulate and score: what it says, and that --no-progress silences it. */
class ProgressLineTest {
  @Test
  void shareGivesThePercentageAndAnEtaFromTheRateSoFar() {
    // A quarter done in 10 s: three quarters to go at the same rate is 30 s.
    assertThat(ProgressLine.share(25, 100, 10_000_000_000L)).isEqualTo("25%, ETA 30 s");
    assertThat(ProgressLine.share(0, 100, 10_000_000_000L)).isEqualTo("0%");
    assertThat(ProgressLine.share(100, 100, 10_000_000_000L)).isEqualTo("100%");
    assertThat(ProgressLine.share(5, 0, 1)).isEmpty();
  }

  @Test
  void consumeSaysTheRecordsCopiedTheRateAndTheShareOfOffsetsPassed() {
    ConsumeCommand.Progress p = new ConsumeCommand.Progress();
    p.records.set(40);
    p.offsetsDone = 50;
    p.offsetsTotal = 200;
    assertThat(p.status(10_000_000_000L)).isEqualTo("40 records, 4 records/s, 25%, ETA 30 s");
  }

  @Test
  void offATerminalEachTickIsALineOfItsOwnWithTheLabelTheTimeAndTheStatus() {
    StringWriter text = new StringWriter();
    try (ProgressLine line =
        ProgressLine.start(new PrintWriter(text), "score", true, elapsed -> "7 decisions so far")) {
      line.tick();
      line.tick();
    }

    assertThat(text.toString().lines())
        .hasSize(2)
        .allMatch(l -> l.matches("score: \\d+ s, 7 decisions so far"));
  }

  @Test
  void simulateTakesNoProgressAndPrintsItsSummaryWithoutAProgressLine(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    CliRun run =
        CliRun.of(
            "simulate",
            "--accounts",
            "3",
            "--duration",
            "10m",
            "--no-progress",
            "--out",
            dir.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines())
        .noneMatch(l -> l.startsWith("simulate:"))
        .anyMatch(l -> l.startsWith("wrote "));
    assertThat(dir.toFile().list()).containsExactlyInAnyOrder("events.jsonl", "labels.jsonl");
  }
}
