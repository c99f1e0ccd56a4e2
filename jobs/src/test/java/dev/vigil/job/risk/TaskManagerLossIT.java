package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.job.config.JobConfig;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "TaskManager lost mid-stream": the session risk job reads a simulated day from the real
 * broker on a MiniCluster; once a checkpoint has completed after the first half of the input and
 * the job is writing the second half's audit records into an open transaction, the TaskManager that
 * runs every one of its tasks (the risk operator included) is terminated through {@link
 * MiniCluster#terminateTaskManager}; the job restarts on a second TaskManager from its last
 * checkpoint. Compared with an uninterrupted run of the same input on the same cluster:
 *
 * <ul>
 *   <li>every command of the clean run is there, equal in every field, and no other (at-least-once:
 *       a replayed event's command comes again with the same id, {@code <event id>:<action>}, and
 *       the same fields, {@link FaultWaits#byCommandId});
 *   <li>the audit topic read with {@code read_committed} holds every decision of the clean run
 *       exactly once and equal record by record, but for the wall-clock {@code decidedAt} and the
 *       chain link whose hash covers it ({@link FaultWaits#byDecisionId}); the records of the
 *       aborted transaction are counted (at least one, or the fault did not hit mid-stream and the
 *       test fails). Equality needs the population statistics restored with the rest of the
 *       operator's state ({@code PopulationPriorRestoreTest});
 *   <li>{@code vigil audit verify --from-genesis} finds the chain intact.
 * </ul>
 *
 * <p>Recovery seconds are measured from the {@code terminateTaskManager} call to every task of the
 * job RUNNING again on the spare TaskManager (the job back to running, not its first output); the
 * time until the second half is read and its audit committed is printed beside it.
 *
 * <p>Every wait is on a completion signal: the consumer group's committed offsets (committed when a
 * checkpoint completes, {@link #consumed}), the audit topic's last stable offset and high
 * watermark, the execution graph's task states; each is bounded by {@link FaultWaits} and fails
 * with what it last saw. Figures printed: events, recovery seconds, records compared, duplicates,
 * aborted records. Runs in about a minute on the shared 2-core build machine.
 */
class TaskManagerLossIT extends RiskJobITSupport {
  static final String MIX =
      "{\"populations\": {\"retail\": 0.8, \"bot\": 0.2, \"market_maker\": 0,"
          + " \"institutional\": 0}, \"scenarios\": {\"sim_swap\": 0.05,"
          + " \"cookie_hijack_local\": 0.05}}";

  @Test
  void afterLosingTheTaskManagerTheJobRestoresAndNoDecisionIsLostOrDoubled(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    SimulationConfig simulation =
        new SimulationConfig(
                40,
                Duration.ofHours(3).toMillis(),
                14,
                SimulationConfig.DEFAULT_START,
                ScenarioMix.parse(MIX, "fault mix"))
            .withWarmup(Duration.ofDays(1).toMillis(), Duration.ofHours(6).toMillis());
    Path sim = dir.resolve("tm-loss-sim");
    Simulator.generate(simulation, sim);
    List<String> lines = Files.readAllLines(sim.resolve("events.jsonl"));
    List<String> first = lines.subList(0, lines.size() / 2);
    List<String> second = lines.subList(lines.size() / 2, lines.size());

    // The uninterrupted run.
    JobConfig clean = faultConfig("tmclean");
    FaultWaits.send(KAFKA.clientProperties(), "tmclean.access-logs", lines);
    JobID cleanJob = SavepointRestoreIT.submit(cluster, clean, null);
    FaultWaits waits = new FaultWaits(KAFKA.clientProperties());
    waits.settled(cluster, cleanJob, "tmclean", "tmclean.access-logs", "tmclean.risk-decisions");
    cluster.cancelJob(cleanJob).get(60, TimeUnit.SECONDS);
    List<SessionCommand> cleanCommands = commands("tmclean");
    List<RiskDecision> cleanDecisions = decisions("tmclean");

    // The faulted run: the first half, a checkpoint after it, then the second half and the loss.
    JobConfig faulted = faultConfig("tmfault");
    FaultWaits.send(KAFKA.clientProperties(), "tmfault.access-logs", first);
    JobID job = SavepointRestoreIT.submit(cluster, faulted, null);
    waits.settled(cluster, job, "tmfault", "tmfault.access-logs", "tmfault.risk-decisions");
    String before = FaultWaits.onlyLocation(graph(cluster, job));
    long auditBefore = waits.highWatermark("tmfault.risk-decisions");
    cluster.startTaskManager(); // the spare the job fails over to
    FaultWaits.send(KAFKA.clientProperties(), "tmfault.access-logs", second);
    waits.until(
        "second-half audit records in an open transaction",
        () -> waits.highWatermark("tmfault.risk-decisions") > auditBefore,
        () -> "audit high watermark " + auditBefore);
    long killedAt = System.nanoTime();
    cluster.terminateTaskManager(0).get(60, TimeUnit.SECONDS);
    waits.until(
        "every task running again on the spare TaskManager",
        () -> FaultWaits.restartedAway(graph(cluster, job), before),
        () -> describe(cluster, job));
    double running = (System.nanoTime() - killedAt) / 1e9;
    AccessExecutionGraph restored = graph(cluster, job);
    var restoredFrom = restored.getCheckpointStatsSnapshot().getLatestRestoredCheckpoint();
    assertThat(restoredFrom).as("the job restored from a checkpoint").isNotNull();
    waits.settled(cluster, job, "tmfault", "tmfault.access-logs", "tmfault.risk-decisions");
    double settled = (System.nanoTime() - killedAt) / 1e9;
    String after = FaultWaits.onlyLocation(graph(cluster, job));
    int restarts = FaultWaits.restarts(graph(cluster, job));
    cluster.cancelJob(job).get(60, TimeUnit.SECONDS);

    List<SessionCommand> commands = commands("tmfault");
    List<RiskDecision> decisions = decisions("tmfault");
    int readUncommitted =
        FaultWaits.readUncommitted(KAFKA.clientProperties(), "tmfault.risk-decisions");
    System.out.printf(
        "TaskManager loss: %d events; killed %s, restored checkpoint %d on %s; recovery %.1f s"
            + " (from the kill to every task RUNNING on the spare), input read and audit"
            + " committed %.1f s after the kill; %d restart(s)%n",
        lines.size(), before, restoredFrom.getCheckpointId(), after, running, settled, restarts);
    System.out.printf(
        "compared %d commands (clean run %d, %d distinct ids, %d duplicates after the replay) and"
            + " %d audit records read_committed (clean run %d); %d records of aborted transactions"
            + " seen read_uncommitted%n",
        commands.size(),
        cleanCommands.size(),
        ids(cleanCommands).size(),
        commands.size() - ids(commands).size(),
        decisions.size(),
        cleanDecisions.size(),
        readUncommitted - decisions.size());

    assertThat(after).isNotEqualTo(before);
    assertThat(restarts).as("one restart, no crash loop").isEqualTo(1);
    assertThat(FaultWaits.byCommandId(commands))
        .as(() -> outputs("tmfault"))
        .isEqualTo(FaultWaits.byCommandId(cleanCommands));
    assertThat(readUncommitted - decisions.size())
        .as("records of the aborted transaction: the fault must hit an open transaction")
        .isPositive();
    // Compared: every field but decidedAt (wall-clock time of the write) and chain (its hash
    // covers decidedAt; the chain is checked by vigil audit verify below).
    String diff = FaultWaits.diff(cleanDecisions, decisions);
    System.out.printf(
        "records compared: %d commands and %d audit records against the clean run's, field by"
            + " field: %s%n",
        commands.size(), decisions.size(), diff.isEmpty() ? "all equal" : diff);
    assertThat(diff).as("decisions against the clean run").isEmpty();
    assertThat(decisions).hasSameSizeAs(cleanDecisions);
    String verified = FaultWaits.verifyAudit(KAFKA.bootstrapServers(), "tmfault.risk-decisions");
    System.out.println(verified.strip());
    assertThat(verified).startsWith("exit 0").contains("intact");
  }

  /** The job's settings for {@code prefix}: every event audited, a checkpoint every 3 s. */
  private static JobConfig faultConfig(String prefix) throws Exception {
    return config(
        prefix,
        "inputs.avro=false",
        "caep.enabled=false",
        "risk.audit-min-probability-change=0",
        "checkpoint.interval=3s",
        "restart.attempts=3");
  }

  private static AccessExecutionGraph graph(MiniCluster cluster, JobID job) throws Exception {
    return cluster.getExecutionGraph(job).get(60, TimeUnit.SECONDS);
  }

  private static String describe(MiniCluster cluster, JobID job) {
    try {
      return FaultWaits.describe(graph(cluster, job));
    } catch (Exception e) {
      return "the execution graph is unknown: " + e;
    }
  }

  static Set<String> ids(List<SessionCommand> commands) {
    return commands.stream()
        .map(SessionCommand::getCommandId)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
