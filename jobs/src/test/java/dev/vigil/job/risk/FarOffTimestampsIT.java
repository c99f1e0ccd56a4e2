package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.DemoCommand;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.job.ingest.IngestSettings;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.DeadLetterReason;
import dev.vigil.schema.RiskDecision;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: one line stamped in year 9999 among simulated traffic moved the watermark there, and
 * 102 of 103 later decisions were marked late. Through {@code vigil score}'s file path (the whole
 * job graph, {@link Backtest}), a line stamped far in the future or far in the past is now one dead
 * letter with its reason, and every other output is exactly the clean run's: same commands, same
 * decisions, none late. A control run with the bound switched off shows the test would see the
 * harm.
 */
class FarOffTimestampsIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir static Path dir;
  static List<String> lines;
  static JobConfig cfg;
  static Backtest.Result clean;

  @BeforeAll
  static void simulateAndScoreCleanTraffic() throws Exception {
    Path sim = dir.resolve("sim");
    Simulator.generate(
        new SimulationConfig(
                30,
                Duration.ofMinutes(30).toMillis(),
                14,
                SimulationConfig.DEFAULT_START,
                ScenarioMix.parse(DemoCommand.MIX, "demo mix"))
            .withWarmup(Duration.ofDays(1).toMillis(), Duration.ofHours(2).toMillis()),
        sim);
    lines = Files.readAllLines(sim.resolve("events.jsonl"));
    cfg = JobConfig.defaults();
    clean = score("clean.jsonl", lines, JobSettings.ingest(cfg));
    assertThat(clean.deadLetters()).isEmpty();
    assertThat(clean.decisions()).isNotEmpty().noneMatch(RiskDecision::getLate);
  }

  @Test
  void aLineStampedInYear9999IsDeadLetteredAndNoLaterDecisionIsLate() throws Exception {
    int at = lines.size() / 5;
    List<String> hostile = withLine(at, stamped(lines.get(at), "9999-12-31T23:59:59.999Z"));

    Backtest.Result run = score("year-9999.jsonl", hostile, JobSettings.ingest(cfg));

    assertOneDeadLetterAndTheCleanOutputs(run, at + 1, DeadLetterReason.CLOCK_SKEW);
    // Control: without the bound the same file marks later decisions late, as the issue saw.
    IngestSettings unbounded = JobSettings.ingest(cfg);
    unbounded =
        new IngestSettings(
            unbounded.maxRecordBytes(),
            Long.MAX_VALUE,
            unbounded.maxEventAgeMillis(),
            unbounded.maxOutOfOrderness(),
            unbounded.idleTimeout(),
            unbounded.deadLetterRaw());
    Backtest.Result harmed = score("year-9999-unbounded.jsonl", hostile, unbounded);
    long late = harmed.decisions().stream().filter(RiskDecision::getLate).count();
    System.out.printf(
        "year 9999: %d lines, 1 dead-lettered (CLOCK_SKEW), %d decisions, 0 late;"
            + " unbounded control: %d of %d decisions late%n",
        hostile.size(), run.decisions().size(), late, harmed.decisions().size());
    assertThat(late).isPositive();
  }

  @Test
  void aLineStampedIn1970IsDeadLetteredAndChangesNothingElse() throws Exception {
    int at = lines.size() / 3;
    List<String> hostile = withLine(at, stamped(lines.get(at), "1970-01-01T00:00:00Z"));

    Backtest.Result run = score("year-1970.jsonl", hostile, JobSettings.ingest(cfg));

    assertOneDeadLetterAndTheCleanOutputs(run, at + 1, DeadLetterReason.EVENT_TOO_OLD);
    System.out.printf(
        "year 1970: %d lines, 1 dead-lettered (EVENT_TOO_OLD), %d decisions, 0 late%n",
        hostile.size(), run.decisions().size());
  }

  private static void assertOneDeadLetterAndTheCleanOutputs(
      Backtest.Result run, long lineNumber, DeadLetterReason reason) {
    assertThat(run.deadLetters()).hasSize(1);
    DeadLetter d = run.deadLetters().get(0);
    assertThat(d.getReason()).isEqualTo(reason);
    assertThat(d.getSourceOffset()).isEqualTo(lineNumber);
    assertThat(d.getField()).isEqualTo("@timestamp");
    // Counts balance: every other line is scored exactly as without the hostile one.
    assertThat(run.decisions()).noneMatch(RiskDecision::getLate);
    assertThat(decisionIds(run)).isEqualTo(decisionIds(clean));
    assertThat(BacktestParityIT.ids(run.commands()))
        .isEqualTo(BacktestParityIT.ids(clean.commands()));
  }

  static String stamped(String line, String timestamp) {
    String out =
        line.replaceFirst("\"@timestamp\":\"[^\"]*\"", "\"@timestamp\":\"" + timestamp + "\"");
    assertThat(out).isNotEqualTo(line);
    return out;
  }

  private static List<String> withLine(int index, String line) {
    List<String> out = new ArrayList<>(lines);
    out.add(index, line);
    return out;
  }

  private static Set<String> decisionIds(Backtest.Result r) {
    return r.decisions().stream().map(RiskDecision::getDecisionId).collect(Collectors.toSet());
  }

  static Backtest.Result score(String name, List<String> content, IngestSettings ingest)
      throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, content);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    return Backtest.run(
        env,
        file,
        JobSettings.initialModel(cfg),
        ingest,
        JobSettings.risk(cfg).withUnsignedCommands().withoutCaep());
  }
}
