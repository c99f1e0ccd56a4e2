package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateAndEvaluateCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Object command, String... args) {
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void simulateWritesEventsAndLabelsAndReportsTheRate(@TempDir Path dir) throws Exception {
    int code =
        run(
            new SimulateCommand(),
            "--accounts",
            "120",
            "--duration",
            "5m",
            "--seed",
            "3",
            "--scenario-mix",
            "attacks-only-small",
            "--out",
            dir.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .containsPattern("wrote [\\d,]+ events \\([\\d,]+ sessions, [\\d,]+ attacked\\)");
    assertThat(out.toString()).contains("events/s");
    List<String> events = Files.readAllLines(dir.resolve("events.jsonl"));
    assertThat(events.get(0)).startsWith("{\"@timestamp\":\"2026-11-02T00:00:");
    assertThat(Files.readAllLines(dir.resolve("labels.jsonl"))).isNotEmpty();
  }

  @Test
  void simulateWritesAWarmUpBeforeTheWindowAndLabelsItsSessions(@TempDir Path dir)
      throws Exception {
    int code =
        run(
            new SimulateCommand(),
            "--accounts",
            "60",
            "--duration",
            "5m",
            "--warmup",
            "1h",
            "--automated-warmup",
            "5m",
            "--scenario-mix",
            "none",
            "--out",
            dir.toString());
    assertThat(code).as(err.toString()).isZero();
    try (java.io.BufferedReader r = Files.newBufferedReader(dir.resolve("events.jsonl"))) {
      assertThat(r.readLine()).startsWith("{\"@timestamp\":\"2026-11-01T23:");
    }
    assertThat(Files.readString(dir.resolve("labels.jsonl"))).contains("\"warmup\":true");
  }

  @Test
  void simulateRejectsAnAutomatedWarmUpLongerThanTheWarmUp(@TempDir Path dir) {
    assertThat(
            run(
                new SimulateCommand(),
                "--warmup",
                "1h",
                "--automated-warmup",
                "2h",
                "--out",
                dir.toString()))
        .isNotZero();
    assertThat(err.toString()).contains("--automated-warmup must be between 0s and --warmup");
  }

  @Test
  void simulateHonoursStart(@TempDir Path dir) throws Exception {
    int code =
        run(
            new SimulateCommand(),
            "--accounts",
            "20",
            "--duration",
            "2m",
            "--start",
            "2027-01-04T09:30:00Z",
            "--out",
            dir.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readAllLines(dir.resolve("events.jsonl")).get(0))
        .startsWith("{\"@timestamp\":\"2027-01-04T09:3");
  }

  @Test
  void simulateNeedsADestination() {
    assertThat(run(new SimulateCommand(), "--accounts", "10")).isEqualTo(2);
    assertThat(err.toString()).contains("give --out DIR to write files, or --to-kafka TOPIC");
  }

  @Test
  void streamingNeedsBrokers(@TempDir Path dir) {
    assertThat(run(new SimulateCommand(), "--to-kafka", "vigil.raw")).isEqualTo(1);
    assertThat(err.toString()).contains("--bootstrap-servers");
  }

  @Test
  void rejectsBadDurationsStartsAndSpeedUps(@TempDir Path dir) {
    assertThat(run(new SimulateCommand(), "--duration", "soon", "--out", dir.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("30s, 5m, 1h or 2d");
    assertThat(run(new SimulateCommand(), "--start", "monday", "--out", dir.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("is not RFC 3339");
    assertThat(
            run(new SimulateCommand(), "--to-kafka", "t", "-b", "localhost:1", "--speed-up", "0"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--speed-up must be a number > 0");
  }

  @Test
  void rejectsAnUnknownScenarioMixNamingThePresets(@TempDir Path dir) {
    int code = run(new SimulateCommand(), "--scenario-mix", "spicy", "--out", dir.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("neither a preset (default, none, attacks-only-small)");
  }

  @Test
  void evaluateScoresCommandsAndWritesReportAndCharts(@TempDir Path dir) throws Exception {
    assertThat(
            run(
                new SimulateCommand(),
                "--accounts",
                "150",
                "--duration",
                "10m",
                "--scenario-mix",
                "attacks-only-small",
                "--out",
                dir.toString()))
        .isZero();
    Files.writeString(dir.resolve("commands.jsonl"), "");
    out.getBuffer().setLength(0);
    int code =
        run(
            new EvaluateCommand(),
            "--labels",
            dir.resolve("labels.jsonl").toString(),
            "--commands",
            dir.resolve("commands.jsonl").toString(),
            "--json",
            dir.resolve("evaluation.json").toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Compromise scenarios").contains("token_hijack");
    assertThat(dir.resolve("report.json")).exists();
    assertThat(dir.resolve("evaluation.json")).hasSameBinaryContentAs(dir.resolve("report.json"));
    assertThat(dir.resolve("time_to_action.png")).exists();
  }

  @Test
  void evaluateNamesAMissingFile(@TempDir Path dir) {
    int code =
        run(
            new EvaluateCommand(),
            "--labels",
            dir.resolve("none.jsonl").toString(),
            "--commands",
            dir.resolve("c.jsonl").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("does not exist");
  }

  @Test
  void evaluateRequiresLabelsAndCommands() {
    assertThat(run(new EvaluateCommand(), "--labels", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("--commands");
  }
}
