package dev.vigil.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress of vigil train: what its line says, and that --no-progress silences it. */
class TrainProgressTest {
  @TempDir Path dir;

  @Test
  void theStatusGivesTheStageTheEventsTheRateAndAnEta() {
    TrainProgress p = new TrainProgress();
    p.stage("replaying", 400);
    for (int i = 0; i < 100; i++) {
      p.replayed();
    }
    // A quarter of the events in 10 s: 10 events/s, the other three quarters take 30 s.
    assertThat(p.status(10_000_000_000L))
        .isEqualTo("replaying, 100 of 400 events, 10 events/s, 25%, ETA 30 s");
    assertThat(new TrainProgress().status(1)).isEqualTo("reading the history");
  }

  @Test
  void offATerminalEachTickIsALineWithTheLabelTheTimeAndTheStatus() {
    StringWriter text = new StringWriter();
    try (TrainProgress p = TrainProgress.shown(new PrintWriter(text), false, false)) {
      p.stage("replaying", 10);
      p.tick();
      p.tick();
    }
    assertThat(text.toString().lines())
        .hasSize(2)
        .allMatch(l -> l.matches("train: \\d+ s, replaying, 0 of 10 events, 0%"));
  }

  @Test
  void aTrainingRunReplaysExactlyTheEventsItExpectedSoItEndsAtAHundredPercent() {
    TrainProgress p = new TrainProgress();
    Trainer.train(
        new Trainer.Request(
            TrainingFixture.history(),
            TrainingFixture.labels(),
            null,
            7,
            TrainingFixture.injection()),
        p);
    assertThat(p.replayedSoFar()).isPositive();
    assertThat(p.status(1_000_000_000L))
        .startsWith("fitting and replaying the candidate models, ")
        .endsWith(", 100%")
        .contains(p.replayedSoFar() + " of " + p.replayedSoFar() + " events");
  }

  @Test
  void trainWithNoProgressPrintsItsSummaryAndNoProgressLine() throws Exception {
    Path injection =
        java.nio.file.Files.writeString(dir.resolve("inj.json"), TrainingFixture.INJECTION);
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        TrainCli.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "--history",
            TrainingFixture.history().toString(),
            "--seed",
            "7",
            "--injection",
            injection.toString(),
            "--no-progress",
            "--out",
            dir.resolve("m.json").toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString().lines())
        .noneMatch(l -> l.startsWith("train:"))
        .anyMatch(l -> l.startsWith("wrote "));
  }
}
