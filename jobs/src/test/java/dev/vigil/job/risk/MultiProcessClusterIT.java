package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.cli.VigilCli;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.schema.CommandAuthenticator;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import dev.vigil.testing.FlinkProcesses;
import dev.vigil.testing.FlinkRestApi;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 15: the job jar on a real Flink cluster of separate processes. A JobManager and two
 * TaskManagers run as JVMs of their own on loopback ({@link FlinkProcesses}: Flink's own entry
 * points, the class path of a Flink distribution without Vigil or Kafka on it); {@code
 * target/vigil-jobs.jar} is uploaded through the REST API and its entry class {@link RiskJobMain}
 * run with a settings file, as {@code flink run -c} and application mode run it; the broker is the
 * test's real embedded KRaft broker. The command key reaches the TaskManagers only as the
 * environment variable {@code VIGIL_COMMAND_KEYS} of their processes, the CAEP key as a file path.
 *
 * <ol>
 *   <li>The first half of a simulated day goes through; its commands and audit records arrive and
 *       {@code vigil savepoint} takes a savepoint of the running job.
 *   <li>While the second half's audit records sit in an open transaction, the TaskManager process
 *       that runs the job is killed (SIGKILL); the job restarts on the other TaskManager from its
 *       last checkpoint (in a folder both processes reach) and reads on.
 *   <li>{@code vigil stop --savepoint} stops it once it has read everything.
 *   <li>A new job resumes from that savepoint, as {@code flink run -s} starts one; {@code vigil
 *       stop} without {@code --savepoint} cancels it.
 * </ol>
 *
 * Nothing is lost: the commands are those of a backtest of the same file (ids and actions, every
 * signature valid under the key ring the TaskManagers had in their environment), the audit topic
 * read {@code read_committed} holds each of the backtest's decisions exactly once, and {@code vigil
 * audit verify} finds the chain intact. No log file of the cluster and no part of the job's
 * configuration holds the key.
 *
 * <p>Before it, on the same cluster, {@code vigil ingest --jobmanager} runs in a JVM of its own as
 * {@code ./vigil} starts it and submits the ingest job's graph with the jar; the bounded job
 * finishes on the cluster with every record out once. Every wait is on a signal (REST job and task
 * states, the consumer group's committed offsets, the audit topic's stable offsets), bounded by
 * {@link FaultWaits#BOUND}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiProcessClusterIT extends RiskJobITSupport {
  private static final String P = "mpc";
  private static final String HMAC_SECRET = KEY_RING.substring(KEY_RING.indexOf(':') + 1);
  private static Path work;
  private static FlinkProcesses cluster;
  private static FlinkRestApi rest;

  /** One cluster for the class: a JobManager and two TaskManagers, each a JVM of its own. */
  @BeforeAll
  static void startCluster() throws Exception {
    work = Files.createDirectories(dir.resolve("cluster"));
    cluster = FlinkProcesses.startJobManager(work, 1, Map.of());
    Map<String, String> env = Map.of("VIGIL_COMMAND_KEYS", KEY_RING);
    cluster.startTaskManager("tm-a", env);
    cluster.startTaskManager("tm-b", env);
    rest = new FlinkRestApi(cluster.rest());
  }

  /** Every process of the cluster ends, whatever the tests did. */
  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * {@code vigil ingest --jobmanager}, run as a user runs it (its own JVM, the job jar and the
   * provided class path, as {@code ./vigil} starts it): the graph and the jar go to the cluster
   * over REST, the command returns at once, and the bounded job finishes there with every record
   * out once, valid or dead-lettered.
   */
  @Test
  @Order(1)
  void vigilIngestSubmitsTheJarToTheClusterAndTheBoundedJobFinishesThere() throws Exception {
    Path sim = dir.resolve("ingest-sim");
    Simulator.generate(
        new SimulationConfig(5, Duration.ofMinutes(30).toMillis(), 3, ScenarioMix.none()), sim);
    List<String> lines = Files.readAllLines(sim.resolve("events.jsonl"));
    assertThat(lines).hasSizeGreaterThan(20_000);
    List<String> valid = lines.subList(0, 20_000); // enough to cross checkpoints, quick to read
    List<String> all = new java.util.ArrayList<>(valid);
    all.add("{not json");
    String logs = VigilTopic.ACCESS_LOGS.topicName();
    FaultWaits.send(KAFKA.clientProperties(), logs, all);
    FaultWaits waits = new FaultWaits(KAFKA.clientProperties());
    waits.until("a TaskManager registered", () -> registered(1), cluster::tails);

    List<String> command =
        FlinkProcesses.vigilCommand(
            work.resolve("cli-logs"),
            "ingest",
            "--jobmanager",
            cluster.jobManager(),
            "-b",
            KAFKA.bootstrapServers(),
            "--insecure",
            "--bounded",
            "--parallelism",
            "1",
            "--group-id",
            "mpc-ingest");
    Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(cli.waitFor()).as(out).isZero();
    System.out.println("vigil ingest --jobmanager: " + out.strip());
    java.util.regex.Matcher id =
        java.util.regex.Pattern.compile("as job ([0-9a-f]{32}) to ").matcher(out);
    assertThat(id.find()).as(out).isTrue();
    String job = id.group(1);
    waits.until(
        "the bounded ingest job FINISHED on the cluster",
        () -> {
          String state = rest.jobState(job);
          if (Set.of("FAILED", "CANCELED").contains(state)) {
            throw new AssertionError("the ingest job ended " + state);
          }
          return state.equals("FINISHED");
        },
        () -> rest.describe(job));

    int events = read(VigilTopic.ACCESS_EVENTS.topicName(), v -> v).size();
    int dead = read(VigilTopic.DEAD_LETTER.topicName(), v -> v).size();
    System.out.printf(
        "ingest on the cluster: %d records in, %d events and %d dead letters out%n",
        all.size(), events, dead);
    assertThat(events).isEqualTo(valid.size());
    assertThat(dead).isEqualTo(1);
  }

  @Test
  @Order(2)
  void theJobJarRunsOnSeparateProcessesAndSurvivesLosingATaskManagerWithNothingLost()
      throws Exception {
    Path checkpoints = Files.createDirectories(work.resolve("checkpoints"));
    // The traffic and the reference: a backtest of the same file in this JVM.
    Path sim = dir.resolve("mpc-sim");
    Simulator.generate(
        new SimulationConfig(
                30,
                Duration.ofHours(3).toMillis(),
                15,
                SimulationConfig.DEFAULT_START,
                ScenarioMix.parse(TaskManagerLossIT.MIX, "fault mix"))
            .withWarmup(Duration.ofDays(1).toMillis(), Duration.ofHours(6).toMillis()),
        sim);
    List<String> lines = Files.readAllLines(sim.resolve("events.jsonl"));
    Path settings = settingsFile(work, checkpoints);
    // The backtest runs here, where the command key comes from a file.
    JobConfig cfg = JobConfig.load(settings, List.of("commands.key-file=" + commandKeys));
    StreamExecutionEnvironment batch = StreamExecutionEnvironment.getExecutionEnvironment();
    batch.setParallelism(1);
    Backtest.Result expected =
        Backtest.run(
            batch,
            sim.resolve("events.jsonl"),
            JobSettings.initialModel(cfg),
            JobSettings.ingest(cfg),
            JobSettings.risk(cfg).withoutCaep());
    assertThat(expected.commands()).isNotEmpty();

    FaultWaits waits = new FaultWaits(KAFKA.clientProperties());
    waits.until("two TaskManagers registered", () -> registered(2), cluster::tails);
    String jar = rest.uploadJar(Path.of("target", "vigil-jobs.jar"));
    List<String> arguments =
        List.of(
            "--config",
            settings.toString(),
            "--bootstrap-servers",
            KAFKA.bootstrapServers(),
            "--insecure");
    String job = rest.run(jar, RiskJobMain.class.getName(), arguments, null);
    System.out.printf(
        "multi-process cluster: JobManager pid %d at %s, TaskManagers tm-a pid %d and tm-b pid"
            + " %d; %s runs as job %s; %d events, the backtest %d commands and %d decisions%n",
        cluster.process("jobmanager").pid(),
        cluster.rest(),
        cluster.process("tm-a").pid(),
        cluster.process("tm-b").pid(),
        RiskJobMain.class.getSimpleName(),
        job,
        lines.size(),
        expected.commands().size(),
        expected.decisions().size());

    // 1. The first half, then a savepoint of the running job.
    List<String> first = lines.subList(0, lines.size() / 2);
    List<String> second = lines.subList(lines.size() / 2, lines.size());
    FaultWaits.send(KAFKA.clientProperties(), P + ".access-logs", first);
    settled(waits, rest, job);
    assertThat(commands(P)).as("commands of the first half").isNotEmpty();
    assertThat(decisions(P)).as("audit records of the first half").isNotEmpty();
    String savepoint =
        cli(
            "savepoint",
            "--jobmanager",
            cluster.jobManager(),
            "--target-directory",
            work.resolve("savepoints").toUri().toString());
    System.out.println("vigil savepoint: " + savepoint.strip());
    assertThat(savepoint).startsWith("exit 0").contains("savepoint file:");

    // 2. The second half; the TaskManager that runs the job dies mid-transaction.
    String before = rest.onlyTaskManager(job);
    long auditBefore = waits.highWatermark(P + ".risk-decisions");
    FaultWaits.send(KAFKA.clientProperties(), P + ".access-logs", second);
    waits.until(
        "second-half audit records in an open transaction",
        () -> waits.highWatermark(P + ".risk-decisions") > auditBefore,
        () -> "audit high watermark " + auditBefore);
    long killedAt = System.nanoTime();
    cluster.kill(before);
    String after = before.equals("tm-a") ? "tm-b" : "tm-a";
    System.out.printf(
        "killed TaskManager %s (SIGKILL) while it ran every task of the job; %s is left%n",
        before, after);
    waits.until(
        "every task RUNNING again on " + after,
        () ->
            rest.tasks(job).stream()
                .allMatch(t -> t.contains(" RUNNING on [" + after + " RUNNING]")),
        () -> rest.describe(job));
    double recovery = (System.nanoTime() - killedAt) / 1e9;
    JsonNode restored = rest.get("/jobs/" + job + "/checkpoints").path("latest").path("restored");
    System.out.printf(
        "TaskManager restart: every task RUNNING on %s %.1f s after the kill: %s%n",
        after, recovery, rest.tasks(job));
    System.out.printf(
        "restored state: checkpoint %s from %s%n",
        restored.path("id").asText(), restored.path("external_path").asText());
    assertThat(restored.path("id").isNumber()).as("restored from a checkpoint").isTrue();
    assertThat(restored.path("external_path").asText()).contains(checkpoints.toString());
    List<String> restoring =
        Files.readAllLines(cluster.log("jobmanager")).stream()
            .filter(l -> l.contains("Restoring job " + job))
            .toList();
    restoring.forEach(l -> System.out.println("JobManager log: " + l));
    assertThat(restoring).as("the JobManager's log of the restore").isNotEmpty();
    settled(waits, rest, job);

    // 3. Stop with a savepoint once everything is read.
    String stopped =
        cli(
            "stop",
            "--jobmanager",
            cluster.jobManager(),
            "--savepoint",
            work.resolve("savepoints").toUri().toString());
    System.out.println("vigil stop --savepoint: " + stopped.strip());
    assertThat(stopped).startsWith("exit 0").contains("stopped; savepoint file:");
    // The savepoint completes before the job's tasks finish: the job's state follows.
    waits.until(
        "the job FINISHED after the stop",
        () -> !rest.jobState(job).equals("RUNNING"),
        () -> rest.describe(job));
    assertThat(rest.jobState(job)).isEqualTo("FINISHED");

    // Nothing lost, nothing doubled in the audit.
    List<SessionCommand> streamed = commands(P);
    List<RiskDecision> audit = decisions(P);
    int readUncommitted =
        FaultWaits.readUncommitted(KAFKA.clientProperties(), P + ".risk-decisions");
    System.out.printf(
        "after the loss: %d commands (%d distinct, the backtest %d), %d audit records"
            + " read_committed (the backtest %d), %d records of aborted transactions%n",
        streamed.size(),
        BacktestParityIT.ids(streamed).size(),
        expected.commands().size(),
        audit.size(),
        expected.decisions().size(),
        readUncommitted - audit.size());
    FaultWaits.byCommandId(streamed); // a command id sent twice must carry equal fields
    assertThat(BacktestParityIT.ids(streamed)).isEqualTo(BacktestParityIT.ids(expected.commands()));
    CommandAuthenticator ring = CommandAuthenticator.parse(KEY_RING);
    assertThat(streamed).as("signed with the key from the environment").allMatch(ring::verify);
    assertThat(ids(audit)).isEqualTo(ids(expected.decisions()));
    assertThat(audit).as("each decision once").hasSameSizeAs(expected.decisions());
    assertThat(readUncommitted - audit.size())
        .as("records of the aborted transaction: the loss hit an open transaction")
        .isPositive();
    String verified = FaultWaits.verifyAudit(KAFKA.bootstrapServers(), P + ".risk-decisions");
    System.out.println(verified.strip());
    assertThat(verified).startsWith("exit 0").contains("intact");

    // The key was in no log and is not in the job's configuration.
    for (Path log : cluster.logFiles()) {
      assertThat(Files.readString(log)).as("%s", log).doesNotContain(HMAC_SECRET);
    }
    assertThat(rest.get("/jobs/" + job + "/config").toString()).doesNotContain(HMAC_SECRET);

    // 4. The savepoint of the stop resumes a new job (as flink run -s does); plain stop cancels it.
    java.util.regex.Matcher path =
        java.util.regex.Pattern.compile("stopped; savepoint (\\S+)").matcher(stopped);
    assertThat(path.find()).as(stopped).isTrue();
    String resumed = rest.run(jar, RiskJobMain.class.getName(), arguments, path.group(1));
    waits.until(
        "the resumed job restored from the savepoint",
        () -> {
          JsonNode r =
              rest.get("/jobs/" + resumed + "/checkpoints").path("latest").path("restored");
          return r.path("is_savepoint").asBoolean(false);
        },
        () -> rest.describe(resumed));
    JsonNode from = rest.get("/jobs/" + resumed + "/checkpoints").path("latest").path("restored");
    System.out.printf(
        "resumed as job %s from savepoint %s%n", resumed, from.path("external_path").asText());
    assertThat(from.path("external_path").asText())
        .isEqualTo(path.group(1).replaceFirst("^file:/+", "file:/"));
    String cancelled = cli("stop", "--jobmanager", cluster.jobManager(), "--job", resumed);
    System.out.println("vigil stop: " + cancelled.strip());
    assertThat(cancelled).startsWith("exit 0").contains("cancelled job " + resumed);
    waits.until(
        "the resumed job CANCELED",
        () -> rest.jobState(resumed).equals("CANCELED"),
        () -> rest.describe(resumed));
  }

  /** The settings file the entry class reads: the test's topics, the key from the environment. */
  private static Path settingsFile(Path work, Path checkpoints) throws Exception {
    List<String> lines =
        settings(
                P,
                "inputs.avro=false",
                "risk.audit-min-probability-change=0",
                "checkpoint.interval=2s",
                "checkpoint.dir=" + checkpoints.toUri(),
                "restart.attempts=5")
            .stream()
            // The command key ring comes from VIGIL_COMMAND_KEYS on the TaskManagers.
            .filter(s -> !s.startsWith("commands.key-file="))
            .toList();
    Path file = work.resolve("vigil-job.properties");
    Files.write(file, lines);
    return file;
  }

  /** Until the job has read the input topic, checkpointed after it and committed its audit. */
  private static void settled(FaultWaits waits, FlinkRestApi rest, String job) {
    waits.until(
        "the input read, checkpointed and the audit committed",
        () -> {
          String state = rest.jobState(job);
          if (Set.of("FAILED", "CANCELED", "FINISHED").contains(state)) {
            throw new AssertionError("the job ended " + state + " before it read its input");
          }
          return waits.consumed(P, P + ".access-logs") && waits.committed(P + ".risk-decisions");
        },
        () -> waits.progress(P, P + ".access-logs") + "; " + rest.describe(job));
  }

  /**
   * Whether at least {@code taskManagers} are registered; a process of the cluster that has exited
   * fails at once, with its log, rather than when the wait runs out.
   */
  private static boolean registered(int taskManagers) throws Exception {
    if (!cluster.exited().isEmpty()) {
      throw new AssertionError("a process of the cluster exited: " + cluster.tails());
    }
    try {
      return rest.taskManagers() >= taskManagers;
    } catch (IllegalStateException e) {
      // A JobManager still electing its leader answers 503: not registered yet, ask again.
      if (String.valueOf(e.getMessage()).contains(" answered 503")) {
        return false;
      }
      throw e;
    }
  }

  private static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = VigilCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return "exit " + code + ": " + out + err;
  }

  private static Set<String> ids(List<RiskDecision> decisions) {
    return decisions.stream().map(RiskDecision::getDecisionId).collect(Collectors.toSet());
  }
}
