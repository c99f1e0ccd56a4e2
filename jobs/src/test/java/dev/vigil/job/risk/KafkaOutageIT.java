package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.schema.RiskDecision;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.checkpoint.CheckpointStatsCounts;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "Kafka unreachable for a while": the only broker is stopped under a running job (after
 * the first half of the input is read and checkpointed) and stays down until the job has tried and
 * failed to complete checkpoints for a while: until {@value #STALLED} checkpoints have been
 * triggered since the stop without one completing (the checkpoint statistics are the signal, no
 * sleep). Then the broker is started again on its port and log directories, the second half is
 * written, and the job must read it and commit its audit records. Against the backtest of the same
 * file: every command, equal in every field (a replayed one under its first id, {@link
 * FaultWaits#byCommandId}); the audit topic read with {@code read_committed} holds every decision
 * exactly once, equal record by record but for the wall-clock {@code decidedAt} and the chain link
 * that hashes it ({@link FaultWaits#byDecisionId}); the chain intact; and the job's restarts
 * counted from its tasks' attempt numbers (bounded by {@code restart.attempts}: a crash loop that
 * exhausts them fails the job and the test). Recovery seconds are measured from the broker's
 * restart to the second half read and its audit committed (first output after the outage, not the
 * job's status, which stays RUNNING or comes back to it within the outage).
 */
class KafkaOutageIT extends RiskJobITSupport {
  private static final int STALLED = 3;

  @Test
  void theJobStallsWhileKafkaIsDownAndResumesWithoutLoss(@InjectMiniCluster MiniCluster cluster)
      throws Exception {
    SimulationConfig simulation =
        new SimulationConfig(
                20,
                Duration.ofHours(2).toMillis(),
                16,
                SimulationConfig.DEFAULT_START,
                ScenarioMix.parse(TaskManagerLossIT.MIX, "outage mix"))
            .withWarmup(Duration.ofHours(12).toMillis(), Duration.ofHours(3).toMillis());
    Path sim = dir.resolve("outage-sim");
    Simulator.generate(simulation, sim);
    Path events = sim.resolve("events.jsonl");
    List<String> lines = Files.readAllLines(events);
    JobConfig cfg =
        config(
            "ko",
            "inputs.avro=false",
            "caep.enabled=false",
            "risk.audit-min-probability-change=0",
            "checkpoint.interval=2s",
            "restart.attempts=5");
    StreamExecutionEnvironment batch = StreamExecutionEnvironment.getExecutionEnvironment();
    batch.setParallelism(1);
    Backtest.Result expected =
        Backtest.run(
            batch,
            events,
            JobSettings.initialModel(cfg),
            JobSettings.ingest(cfg),
            JobSettings.risk(cfg).withoutCaep());

    FaultWaits waits = new FaultWaits(KAFKA.clientProperties());
    FaultWaits.send(KAFKA.clientProperties(), "ko.access-logs", lines.subList(0, lines.size() / 2));
    JobID job = SavepointRestoreIT.submit(cluster, cfg, null);
    waits.settled(cluster, job, "ko", "ko.access-logs", "ko.risk-decisions");
    String bootstrap = KAFKA.bootstrapServers();
    CheckpointStatsCounts atStop = counts(cluster, job);
    long stoppedAt = System.nanoTime();
    KAFKA.kafka().stopBroker(0);
    waits.until(
        STALLED + " checkpoints triggered with the broker down, none completed",
        () -> {
          CheckpointStatsCounts c = counts(cluster, job);
          assertThat(c.getNumberOfCompletedCheckpoints())
              .as("a checkpoint completed with the broker down")
              .isLessThanOrEqualTo(atStop.getNumberOfCompletedCheckpoints() + 1);
          return c.getTotalNumberOfCheckpoints() - atStop.getTotalNumberOfCheckpoints()
              >= STALLED + 1;
        },
        () -> stats(cluster, job));
    double down = (System.nanoTime() - stoppedAt) / 1e9;
    KAFKA.kafka().restartBroker(0);
    long restartedAt = System.nanoTime();
    assertThat(KAFKA.bootstrapServers()).as("the same port").isEqualTo(bootstrap);
    FaultWaits.send(
        KAFKA.clientProperties(), "ko.access-logs", lines.subList(lines.size() / 2, lines.size()));
    waits.settled(cluster, job, "ko", "ko.access-logs", "ko.risk-decisions");
    double resumed = (System.nanoTime() - restartedAt) / 1e9;
    var graph = cluster.getExecutionGraph(job).get(60, TimeUnit.SECONDS);
    int restarts = FaultWaits.restarts(graph);
    CheckpointStatsCounts end = graph.getCheckpointStatsSnapshot().getCounts();
    cluster.cancelJob(job).get(60, TimeUnit.SECONDS);

    List<RiskDecision> decisions = decisions("ko");
    var commands = commands("ko");
    System.out.printf(
        "Kafka outage: broker down %.1f s (%d checkpoints triggered, none completed); recovery"
            + " %.1f s (from the broker's restart to the second half read and its audit"
            + " committed); %d job restart(s);"
            + " checkpoints in all: %d completed, %d failed%n",
        down,
        STALLED + 1,
        resumed,
        restarts,
        end.getNumberOfCompletedCheckpoints(),
        end.getNumberOfFailedCheckpoints());
    System.out.printf(
        "compared %d events, %d commands (%d distinct ids, backtest %d), %d audit records"
            + " read_committed (backtest %d)%n",
        lines.size(),
        commands.size(),
        TaskManagerLossIT.ids(commands).size(),
        expected.commands().size(),
        decisions.size(),
        expected.decisions().size());
    System.out.println(
        "dead letters: "
            + reasons(deadLetters("ko"))
            + " (backtest "
            + reasons(expected.deadLetters())
            + ")");
    assertThat(FaultWaits.byCommandId(commands))
        .as(() -> outputs("ko"))
        .isEqualTo(FaultWaits.byCommandId(expected.commands()));
    // Compared: every field but decidedAt (wall-clock time of the write) and chain (its hash
    // covers decidedAt; the chain is checked by vigil audit verify below).
    String diff = FaultWaits.diff(expected.decisions(), decisions);
    System.out.printf(
        "records compared: %d commands and %d audit records against the backtest's, field by"
            + " field: %s%n",
        commands.size(), decisions.size(), diff.isEmpty() ? "all equal" : diff);
    assertThat(diff).as("decisions against the backtest").isEmpty();
    assertThat(decisions).hasSameSizeAs(expected.decisions());
    String verified = FaultWaits.verifyAudit(KAFKA.bootstrapServers(), "ko.risk-decisions");
    System.out.println(verified.strip());
    assertThat(verified).startsWith("exit 0").contains("intact");
    assertThat(restarts).as("restarts while Kafka was down").isLessThanOrEqualTo(2);
  }

  static Map<String, Long> reasons(List<dev.vigil.schema.DeadLetter> letters) {
    return letters.stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                d -> d.getReason() + " " + d.getMessage(),
                java.util.TreeMap::new,
                java.util.stream.Collectors.counting()));
  }

  private static String stats(MiniCluster cluster, JobID job) {
    try {
      CheckpointStatsCounts c = counts(cluster, job);
      return "checkpoints: "
          + c.getTotalNumberOfCheckpoints()
          + " triggered, "
          + c.getNumberOfCompletedCheckpoints()
          + " completed, "
          + c.getNumberOfFailedCheckpoints()
          + " failed, "
          + c.getNumberOfInProgressCheckpoints()
          + " in progress";
    } catch (Exception e) {
      return "checkpoint statistics unknown: " + e;
    }
  }

  private static CheckpointStatsCounts counts(MiniCluster cluster, JobID job) throws Exception {
    return cluster
        .getExecutionGraph(job)
        .get(60, TimeUnit.SECONDS)
        .getCheckpointStatsSnapshot()
        .getCounts();
  }
}
