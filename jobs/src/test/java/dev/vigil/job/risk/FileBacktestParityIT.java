package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.demo.HostileRecords;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.PlainJson;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code vigil score}'s file backtest ({@link FileBacktest}) against the session risk job run
 * bounded on a MiniCluster ({@link Backtest#run}, what {@code vigil score} ran before), on the same
 * file: the demo's attacks and hard cases after two days of history, with the hostile records mixed
 * in and lines that test the reader (blank, CRLF, longer than 64 KiB and than a whole block, no
 * final newline). Same commands (signed), same audit records, same dead letters, line for line, at
 * parallelism 1, 2 and 3; only the wall-clock times (an audit record's {@code decidedAt}, a dead
 * letter's {@code time}) may differ.
 */
class FileBacktestParityIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(4)
              .build());

  @TempDir static Path dir;
  static Path events;
  static Path keys;
  static int simulatedEvents;

  @BeforeAll
  static void file() throws Exception {
    Path sim = dir.resolve("sim");
    Simulator.generate(
        new SimulationConfig(
                60,
                Duration.ofHours(1).toMillis(),
                11,
                SimulationConfig.DEFAULT_START,
                ScenarioMix.parse(dev.vigil.cli.DemoCommand.MIX, "demo mix"))
            .withWarmup(Duration.ofDays(2).toMillis(), Duration.ofHours(2).toMillis()),
        sim);
    List<String> lines = Files.readAllLines(sim.resolve("events.jsonl"));
    simulatedEvents = lines.size();
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    List<HostileRecords.Sample> hostile = HostileRecords.all(System.currentTimeMillis());
    for (int i = 0; i < lines.size(); i++) {
      file.write(lines.get(i).getBytes(StandardCharsets.UTF_8));
      file.write(i % 997 == 0 ? "\r\n".getBytes(StandardCharsets.US_ASCII) : new byte[] {'\n'});
      if (i % 1000 == 500) {
        file.write(hostile.get((i / 1000) % hostile.size()).raw());
        file.write('\n');
      }
      if (i == 2000) {
        file.write(new byte[] {'\n', ' ', '\n'});
        file.write(
            ("{\"pad\":\"" + "x".repeat(100_000) + "\"}\n").getBytes(StandardCharsets.UTF_8));
        file.write(
            ("{\"pad\":\"" + "y".repeat(1_500_000) + "\"}\r\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    for (HostileRecords.Sample s : hostile) {
      file.write(s.raw());
      file.write('\n');
    }
    file.write(
        lines.get(lines.size() - 1).replace("\"e-", "\"last-e-").getBytes(StandardCharsets.UTF_8));
    events = dir.resolve("events.jsonl");
    Files.write(events, file.toByteArray());
    keys = dir.resolve("command-keys");
    Files.writeString(
        keys,
        "k1:" + Base64.getEncoder().encodeToString("a-parity-command-key-of-32-bytes".getBytes()));
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
  }

  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {1, 2, 3})
  void theFileBacktestWritesWhatTheJobWritesOnTheSameFile(int parallelism) throws Exception {
    JobConfig cfg = JobConfig.defaults();
    RiskSettings risk = JobSettings.risk(cfg).withoutCaep().withCommandKeyFile(keys.toString());
    byte[] model = JobSettings.initialModel(cfg);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(parallelism);
    env.getConfig().enableObjectReuse();
    Backtest.Result job = Backtest.run(env, events, model, JobSettings.ingest(cfg), risk);

    FileBacktest.Result file =
        FileBacktest.run(
            events,
            model,
            JobSettings.ingest(cfg),
            risk,
            parallelism,
            KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism),
            3,
            new Backtest.Progress(),
            () -> false);

    assertThat(job.commands()).extracting(c -> c.getAction()).contains(CommandAction.KILL);
    assertThat(job.commands())
        .as("account commands (a kill of a withdrawing session) come out of both")
        .anyMatch(c -> c.getTarget() == dev.vigil.schema.CommandTarget.ACCOUNT);
    assertThat(job.deadLetters()).hasSizeGreaterThan(HostileRecords.all(0).size());
    assertThat(text(file.outputs().commands())).isEqualTo(text(job.commands()));
    assertThat(text(file.outputs().decisions())).isEqualTo(text(job.decisions()));
    assertThat(text(file.outputs().deadLetters())).isEqualTo(text(job.deadLetters()));
    assertThat(file.events()).isEqualTo(simulatedEvents + 1); // the copy of the last one too
    // The keys of cross-account cases, and so vigil score's cases, are the job's too.
    assertThat(origins(file.outputs())).isNotEmpty().isEqualTo(origins(job));
    var settings = dev.vigil.job.cases.CaseStageSettings.from(cfg);
    assertThat(
            text(
                dev.vigil.job.cases.CaseFiles.assemble(
                        file.outputs().decisions(), file.outputs().caseOrigins(), settings)
                    .cases()))
        .isEqualTo(
            text(
                dev.vigil.job.cases.CaseFiles.assemble(job.decisions(), job.caseOrigins(), settings)
                    .cases()));
  }

  private static List<String> origins(Backtest.Result r) {
    return r.caseOrigins().stream().map(Object::toString).sorted().toList();
  }

  /** Each record as the output files hold it, without its wall-clock time. */
  private static List<String> text(List<? extends SpecificRecord> records) {
    return records.stream()
        .map(PlainJson::toJson)
        .map(s -> s.replaceAll("\"(decidedAt|time)\":[0-9]+", ""))
        .toList();
  }
}
