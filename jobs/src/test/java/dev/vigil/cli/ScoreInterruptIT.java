package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.demo.DemoTraffic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on {@code vigil score} while it scores: one line of what was done so far, exit 130, no
 * output folder (its files are written only when the whole file was scored), and nothing left in
 * the system temp folder (Flink's RPC jar and minicluster folder went to the command's own). The
 * interrupted run is the job on Flink ({@code --flink}, the path with a cluster to stop and files
 * to remove): the default file backtest scores this file in about two seconds, before its first
 * progress line.
 */
class ScoreInterruptIT {
  /** A progress line once records flow: "score: 10 s, 12,345 records read, ...". */
  private static final Pattern READING =
      Pattern.compile("^score: \\d+ s, [1-9][\\d,]* records read, .*");

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES) // a guard; the test waits on the child's output
  void ctrlCWhileScoringPrintsWhatWasReadExits130AndLeavesNoOutputAndNoTempFolder(
      @TempDir Path input, @TempDir Path tmp, @TempDir Path work, @TempDir Path logs)
      throws Exception {
    // About 1.7 million events (40 accounts, two bot-heavy hours): scoring them takes far longer
    // than the first progress line (5 s) that shows records read. A quarter of that (20 accounts,
    // an hour) was scored in 4.9 s on an idle machine, before any progress line, and the test
    // found the child done instead of scoring.
    CliRun simulated =
        CliRun.of(
            "simulate",
            "--out",
            input.toString(),
            "--accounts",
            "40",
            "--duration",
            "120m",
            "--scenario-mix",
            "none",
            "--no-progress");
    assertThat(simulated.exitCode()).as(simulated.err()).isZero();
    Path out = work.resolve("scores");

    long began = System.nanoTime();
    try (ChildVigil score =
        ChildVigil.start(
            tmp,
            work,
            logs,
            "score",
            "--flink",
            "--input",
            input.resolve("events.jsonl").toString(),
            "--out",
            out.toString())) {
      await()
          .forever()
          .pollInterval(Duration.ofMillis(100))
          .until(() -> score.printed(l -> READING.matcher(l).matches()) || !score.isAlive());
      assertThat(score.isAlive()).as("still scoring; it printed:%n%s", score.output()).isTrue();
      assertThat(ChildVigil.leftIn(tmp))
          .as("while it runs, Flink's files are in the command's own folder")
          .allMatch(p -> p.startsWith("vigil-score-"))
          .anyMatch(p -> p.contains("flink-rpc"))
          .anyMatch(p -> p.contains("minicluster_"));
      assertThat(ChildVigil.leftIn(out)).anyMatch(p -> p.startsWith(".vigil-partial-"));

      score.interrupt();

      assertThat(score.exitCode()).as(score.output()).isEqualTo(130);
      System.out.printf(
          "ScoreInterruptIT: interrupted and cleaned up in %.1f s from the start:%n%s%n",
          (System.nanoTime() - began) / 1e9, score.output());
      assertThat(score.output())
          .containsPattern(
              "(?m)^vigil score: interrupted after \\d+ s: [1-9][\\d,]* records read,"
                  + " [\\d,]+ commands, [\\d,]+ decisions, [\\d,]+ dead letters so far; nothing"
                  + " written to "
                  + Pattern.quote(out.toString())
                  + "$")
          .doesNotContain("Exception")
          .doesNotContain("vigil: ");
    }
    assertThat(out).as("no output folder, not even an empty one").doesNotExist();
    assertThat(ChildVigil.leftIn(tmp)).as("left in the temp folder after Ctrl-C").isEmpty();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES) // a guard; the test waits for the child's exit
  void aScoreThatEndsWritesItsThreeFilesAndLeavesNothingInTheTempFolder(
      @TempDir Path input, @TempDir Path tmp, @TempDir Path work, @TempDir Path logs)
      throws Exception {
    DemoTraffic traffic = new DemoTraffic(5, 20);
    long now = System.currentTimeMillis();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      lines.add(new String(traffic.next(now + i * 100L, now).json(), StandardCharsets.UTF_8));
    }
    Path events = Files.write(input.resolve("events.jsonl"), lines);
    Path out = work.resolve("scores");

    try (ChildVigil score =
        ChildVigil.start(
            tmp,
            work,
            logs,
            "score",
            "--input",
            events.toString(),
            "--out",
            out.toString(),
            "--no-progress")) {
      assertThat(score.exitCode()).as(score.output()).isZero();
      assertThat(score.output()).contains("scored " + events);
    }
    assertThat(ChildVigil.leftIn(out))
        .containsExactlyInAnyOrder(
            "commands.jsonl",
            "decisions.jsonl",
            "dead-letter.jsonl",
            "cases.jsonl",
            "findings.jsonl");
    assertThat(ChildVigil.leftIn(tmp)).as("left in the temp folder after a normal end").isEmpty();
  }
}
