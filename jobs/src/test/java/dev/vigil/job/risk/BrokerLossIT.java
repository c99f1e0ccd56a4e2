package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.kafka.EmbeddedKafka;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import dev.vigil.testing.KafkaTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, "one of three brokers stopped mid-stream": three embedded brokers, every topic of the
 * job with replication factor 3 and {@code min.insync.replicas=2}; the job's producers and the
 * test's use Kafka's defaults since 3.0, {@code acks=all} and {@code enable.idempotence=true}
 * (KIP-679; {@code KafkaConnections} does not override them, the test's producer sets them). Once
 * the first half of a simulated input is read and checkpointed, the broker leading the audit
 * topic's partition is stopped; the second half is written and read with two brokers; then the
 * broker is started again and must rejoin every partition's in-sync replicas.
 *
 * <p>The reference is the backtest of the same file ({@code vigil score}'s graph, {@link
 * Backtest}), whose command ids equal the streaming run's ({@code BacktestParityIT}): every command
 * id is there, the input topic holds every line, and the audit topic read with {@code
 * read_committed} holds each decision exactly once, equal to the backtest's but for the wall-clock
 * {@code decidedAt} and the chain. Waits are on completion signals ({@link FaultWaits}). Prints the
 * records compared, the seconds to read the second half with a broker down and to rejoin.
 */
class BrokerLossIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(4)
              .build());

  private static final List<String> TOPICS =
      List.of(
          "access-logs",
          "access-events",
          "dead-letter",
          "session-commands",
          "risk-decisions",
          "models");
  private static final String P = "bl";

  @TempDir static Path dir;
  static EmbeddedKafka kafka;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.startThreeBrokers();
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void withTheAuditLeaderStoppedNothingIsLostAndTheBrokerRejoins(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    Properties client = kafka.clientProperties();
    client.put("acks", "all");
    client.put("enable.idempotence", "true");
    SimulationConfig simulation =
        new SimulationConfig(
                20,
                Duration.ofHours(2).toMillis(),
                15,
                SimulationConfig.DEFAULT_START,
                ScenarioMix.parse(TaskManagerLossIT.MIX, "broker-loss mix"))
            .withWarmup(Duration.ofHours(12).toMillis(), Duration.ofHours(3).toMillis());
    Path sim = dir.resolve("broker-loss-sim");
    Simulator.generate(simulation, sim);
    Path events = sim.resolve("events.jsonl");
    List<String> lines = Files.readAllLines(events);

    JobConfig cfg = config();
    StreamExecutionEnvironment batch = StreamExecutionEnvironment.getExecutionEnvironment();
    batch.setParallelism(1);
    Backtest.Result expected =
        Backtest.run(
            batch,
            events,
            JobSettings.initialModel(cfg),
            JobSettings.ingest(cfg),
            JobSettings.risk(cfg).withoutCaep());

    FaultWaits waits = new FaultWaits(client);
    FaultWaits.send(client, P + ".access-logs", lines.subList(0, lines.size() / 2));
    JobID job = submit(cluster, cfg, client);
    waits.settled(cluster, job, P, P + ".access-logs", P + ".risk-decisions");

    int leader = leaderOf(P + ".risk-decisions");
    int index = kafka.brokerIds().indexOf(leader);
    long stoppedAt = System.nanoTime();
    kafka.stopBroker(index);
    FaultWaits.send(client, P + ".access-logs", lines.subList(lines.size() / 2, lines.size()));
    waits.settled(cluster, job, P, P + ".access-logs", P + ".risk-decisions");
    double readWithTwo = (System.nanoTime() - stoppedAt) / 1e9;
    int newLeader = leaderOf(P + ".risk-decisions");

    long restartedAt = System.nanoTime();
    kafka.restartBroker(index);
    waits.until(
        "broker " + leader + " back in every in-sync replica set", this::rejoined, () -> isr());
    double rejoin = (System.nanoTime() - restartedAt) / 1e9;
    int restarts = FaultWaits.restarts(cluster.getExecutionGraph(job).get(60, TimeUnit.SECONDS));
    cluster.cancelJob(job).get(60, TimeUnit.SECONDS);

    int input = KafkaTestSupport.readAll(client, P + ".access-logs").size();
    List<SessionCommand> commands = read(client, P + ".session-commands", SessionCommand.class);
    List<RiskDecision> decisions = read(client, P + ".risk-decisions", RiskDecision.class);
    System.out.printf(
        "broker loss: stopped broker %d (audit leader; then %d), the second half of %d events read"
            + " and the audit committed %.1f s after the stop with two brokers; the broker rejoined"
            + " every ISR %.1f s after its restart; %d job restart(s)%n",
        leader, newLeader, lines.size(), readWithTwo, rejoin, restarts);
    System.out.printf(
        "compared %d input records, %d commands (%d distinct ids, backtest %d) and %d audit"
            + " records read_committed (backtest %d)%n",
        input,
        commands.size(),
        TaskManagerLossIT.ids(commands).size(),
        expected.commands().size(),
        decisions.size(),
        expected.decisions().size());

    assertThat(newLeader).isNotEqualTo(leader);
    assertThat(input).isEqualTo(lines.size());
    assertThat(TaskManagerLossIT.ids(commands))
        .isEqualTo(TaskManagerLossIT.ids(expected.commands()));
    assertThat(FaultWaits.diff(expected.decisions(), decisions))
        .as("decisions against the reference")
        .isEmpty();
    String verified = FaultWaits.verifyAudit(kafka.bootstrapServers(), P + ".risk-decisions");
    System.out.println(verified.strip());
    assertThat(verified).startsWith("exit 0").contains("intact");
  }

  private boolean rejoined() throws Exception {
    return describe().values().stream()
        .flatMap(t -> t.partitions().stream())
        .allMatch(p -> p.isr().size() == 3);
  }

  private String isr() {
    try {
      List<String> out = new ArrayList<>();
      describe()
          .forEach(
              (name, t) ->
                  t.partitions()
                      .forEach(p -> out.add(name + "-" + p.partition() + " isr " + p.isr())));
      return String.join(", ", out);
    } catch (Exception e) {
      return "unknown: " + e;
    }
  }

  private static Map<String, TopicDescription> describe() throws Exception {
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      return admin
          .describeTopics(TOPICS.stream().map(t -> P + "." + t).toList())
          .allTopicNames()
          .get(60, TimeUnit.SECONDS);
    }
  }

  private static int leaderOf(String topic) throws Exception {
    return describe().get(topic).partitions().get(0).leader().id();
  }

  private static <T> List<T> read(Properties client, String topic, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (var r : KafkaTestSupport.readAll(client, topic)) {
      out.add(
          RiskJobITSupport.decode(
              () ->
                  type == SessionCommand.class
                      ? type.cast(SessionCommand.getDecoder().decode(r.value()))
                      : type.cast(RiskDecision.getDecoder().decode(r.value()))));
    }
    return out;
  }

  /** The job's settings with its own replicated topics, created here. */
  private static JobConfig config() throws Exception {
    Path keys = dir.resolve("command-keys");
    Files.writeString(keys, RiskJobITSupport.KEY_RING);
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
    List<String> sets = new ArrayList<>();
    List<NewTopic> topics = new ArrayList<>();
    for (String t : TOPICS) {
      sets.add("topics." + t + "=" + P + "." + t);
      Map<String, String> configs =
          t.equals("models")
              ? Map.of("cleanup.policy", "compact", "min.insync.replicas", "2")
              : Map.of("min.insync.replicas", "2");
      topics.add(new NewTopic(P + "." + t, 1, (short) 3).configs(configs));
    }
    sets.addAll(
        List.of(
            "kafka.group-id=" + P,
            "parallelism=1",
            "inputs.avro=false",
            "checkpoint.interval=2s",
            "restart.delay=1s",
            "risk.audit-min-probability-change=0",
            "commands.key-file=" + keys));
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
      dev.vigil.kafka.TopicAdmin.awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
    }
    return JobConfig.load(null, sets);
  }

  private static JobID submit(MiniCluster cluster, JobConfig cfg, Properties client)
      throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobSettings.flink(cfg));
    env.setParallelism(1);
    env.getConfig().enableObjectReuse();
    RiskPipeline.build(env, client, cfg);
    return cluster.submitJob(env.getStreamGraph()).get(60, TimeUnit.SECONDS).getJobID();
  }
}
