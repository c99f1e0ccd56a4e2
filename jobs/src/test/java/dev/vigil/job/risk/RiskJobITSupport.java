package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import dev.vigil.testing.KafkaExtension;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared set-up of the session risk job's integration tests: a real Kafka broker and a Flink
 * MiniCluster per test class (so a test's leftovers cannot disturb another's), signing keys, and
 * each test's own topics.
 */
abstract class RiskJobITSupport {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(4)
              .build());

  static final String KEY_RING =
      "k1:" + Base64.getEncoder().encodeToString("an-it-command-key-of-32-bytes-ok".getBytes());
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path commandKeys;
  static Path caepKey;

  @BeforeAll
  static void keys() throws IOException {
    commandKeys = privateFile("command-keys", KEY_RING);
    caepKey = privateFile("caep-key", Base64.getEncoder().encodeToString(new byte[32]));
  }

  static Path privateFile(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    return p;
  }

  /** The job's settings with its own topics under {@code prefix}. */
  static JobConfig config(String prefix, String... extra) throws Exception {
    return JobConfig.load(null, settings(prefix, extra));
  }

  /**
   * The {@code key=value} settings of {@link #config} (what {@code vigil run --set} takes), after
   * creating {@code prefix}'s topics.
   */
  static List<String> settings(String prefix, String... extra) throws Exception {
    List<String> sets = new ArrayList<>();
    for (String t :
        List.of(
            "access-logs",
            "access-events",
            "dead-letter",
            "session-commands",
            "risk-decisions",
            "caep",
            "models")) {
      sets.add("topics." + t + "=" + prefix + "." + t);
    }
    sets.add("kafka.group-id=" + prefix);
    sets.add("parallelism=1");
    sets.add("checkpoint.interval=1s");
    sets.add("restart.delay=1s");
    sets.add("commands.key-file=" + commandKeys);
    sets.add("caep.enabled=true");
    sets.add("caep.issuer=https://vigil.it");
    sets.add("caep.key-file=" + caepKey);
    sets.addAll(List.of(extra));
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      List<NewTopic> topics = new ArrayList<>();
      for (String t :
          List.of(
              "access-logs",
              "access-events",
              "dead-letter",
              "session-commands",
              "risk-decisions",
              "caep")) {
        // One partition per input keeps the order of a file, so a backtest can be compared.
        topics.add(
            new NewTopic(prefix + "." + t, 1, (short) 1)
                .configs(Map.of("max.message.bytes", String.valueOf(8 << 20))));
      }
      topics.add(
          new NewTopic(prefix + ".models", 1, (short) 1)
              .configs(Map.of("cleanup.policy", "compact")));
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
      dev.vigil.kafka.TopicAdmin.awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
    }
    return sets;
  }

  static JobClient start(JobConfig cfg) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobSettings.flink(cfg));
    env.setParallelism(1);
    env.getConfig().enableObjectReuse();
    RiskPipeline.build(env, KAFKA.clientProperties(), cfg);
    return env.executeAsync(RiskJob.NAME);
  }

  static <T> List<T> read(String topic, java.util.function.Function<byte[], T> decode) {
    List<T> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        KafkaTestSupport.readAll(KAFKA.clientProperties(), topic)) {
      out.add(decode.apply(r.value()));
    }
    return out;
  }

  static List<SessionCommand> commands(String prefix) {
    return read(
        prefix + ".session-commands", v -> decode(() -> SessionCommand.getDecoder().decode(v)));
  }

  static List<RiskDecision> decisions(String prefix) {
    return read(prefix + ".risk-decisions", v -> decode(() -> RiskDecision.getDecoder().decode(v)));
  }

  static List<DeadLetter> deadLetters(String prefix) {
    return read(prefix + ".dead-letter", v -> decode(() -> DeadLetter.getDecoder().decode(v)));
  }

  static <T> T decode(java.util.concurrent.Callable<T> c) {
    try {
      return c.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs the job until {@code done} holds (polled every 2 s), then cancels it. The completion
   * signal is {@code done}; a job that ends before it holds (failed after its restarts, say) fails
   * the test at once with the job's own error. The 20-minute bound only stops a test whose job runs
   * on but can never get there; its message says what the job was doing and what {@code progress}
   * last reported, so a CI log shows why.
   */
  static void runUntil(JobConfig cfg, Callable<Boolean> done) throws Exception {
    runUntil(cfg, done, () -> "");
  }

  static void runUntil(JobConfig cfg, Callable<Boolean> done, Supplier<String> progress)
      throws Exception {
    JobClient job = start(cfg);
    AtomicReference<JobStatus> last = new AtomicReference<>(JobStatus.INITIALIZING);
    try {
      Awaitility.await()
          .atMost(Duration.ofMinutes(20))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> !jobStillRunning(job, last) || done.call());
      if (!done.call()) {
        throw new AssertionError(
            "the job ended " + last.get() + " before the test's condition held; " + progress.get());
      }
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "the job was "
              + last.get()
              + " after 20 minutes and the condition still did not hold; "
              + progress.get(),
          e);
    } finally {
      if (!last.get().isGloballyTerminalState()) {
        job.cancel().get(60, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * The completion signal of a streaming run over a topic written before the job started: true once
   * the job's consumer group has committed the end offset of every partition of {@code topic}. The
   * source commits offsets when a checkpoint completes, and a checkpoint completes only after the
   * at-least-once command sink has flushed, so by then every command the input triggers is in
   * Kafka.
   */
  /**
   * Streams {@code events} (JSON lines) through the job of {@code cfg}, whose topics carry {@code
   * prefix}, on the real broker, and returns its commands once it has read the whole input and
   * checkpointed after it ({@link #consumed}). Fails at once, with what the job wrote, unless they
   * are the commands of the backtest of the same file ({@code vigil score}'s graph, run first on
   * the same MiniCluster; parity itself is {@code BacktestParityIT}'s subject): that is how the
   * test knows the job is done without waiting on a count.
   */
  static List<SessionCommand> streamMatchingBacktest(JobConfig cfg, String prefix, Path events)
      throws Exception {
    StreamExecutionEnvironment batch = StreamExecutionEnvironment.getExecutionEnvironment();
    batch.setParallelism(1);
    List<SessionCommand> expected =
        Backtest.run(
                batch,
                events,
                JobSettings.initialModel(cfg),
                JobSettings.ingest(cfg),
                JobSettings.risk(cfg).withoutCaep())
            .commands();
    String input = prefix + ".access-logs";
    sendLines(input, events);
    runUntil(cfg, () -> consumed(prefix, input), () -> readProgress(prefix, input));
    List<SessionCommand> streamed = commands(prefix);
    assertThat(BacktestParityIT.ids(streamed))
        .as(() -> outputs(prefix))
        .isEqualTo(BacktestParityIT.ids(expected));
    return streamed;
  }

  static boolean consumed(String group, String topic) throws Exception {
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(60, TimeUnit.SECONDS);
      for (var e : dev.vigil.kafka.TopicAdmin.endOffsets(admin, List.of(topic)).entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        if (c == null || c.offset() < e.getValue()) {
          return false;
        }
      }
      return true;
    }
  }

  /** What a run wrote besides commands, for a failed comparison's message. */
  static String outputs(String prefix) {
    List<DeadLetter> dead = deadLetters(prefix);
    List<RiskDecision> audit = decisions(prefix);
    return "the job wrote "
        + audit.size()
        + " audit records and "
        + dead.size()
        + " dead letters"
        + (dead.isEmpty()
            ? ""
            : " (first: " + dead.get(0).getReason() + " " + dead.get(0).getMessage() + ")")
        + "; first audit records: "
        + audit.stream()
            .limit(3)
            .map(
                d ->
                    d.getSessionId()
                        + " "
                        + d.getModelVersion()
                        + " p="
                        + d.getProbability()
                        + " late="
                        + d.getLate()
                        + " notes="
                        + d.getPolicyNotes())
            .toList()
        + "; "
        + readProgress(prefix, prefix + ".access-logs");
  }

  /** How far the group has read {@code topic}, for a timeout's message. */
  static String readProgress(String group, String topic) {
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      return "committed offsets of group "
          + group
          + ": "
          + admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      return "committed offsets unknown: " + e;
    }
  }

  /** False once the job reached a terminal state; a failed job's cause is rethrown. */
  private static boolean jobStillRunning(JobClient job, AtomicReference<JobStatus> last)
      throws Exception {
    JobStatus status = job.getJobStatus().get(60, TimeUnit.SECONDS);
    last.set(status);
    if (status == JobStatus.FAILED) {
      try {
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw new AssertionError("the job failed: " + e.getCause(), e.getCause());
      }
    }
    return !status.isGloballyTerminalState();
  }

  /**
   * Sends every line of a JSON-lines file, in order, to {@code topic}, streaming: a large file
   * never sits in the test's heap (the market-maker test sends about 450,000 lines).
   */
  static void sendLines(String topic, Path file) throws Exception {
    long now = System.currentTimeMillis();
    try (java.util.stream.Stream<String> lines = Files.lines(file)) {
      KafkaTestSupport.sendEach(
          KAFKA.clientProperties(),
          topic,
          lines
              .map(l -> new Outgoing(l.getBytes(java.nio.charset.StandardCharsets.UTF_8), now))
              .iterator());
    }
  }

  /** The sessions that got a step-up or a kill. */
  static Set<String> enforcedSessions(List<SessionCommand> commands) {
    return commands.stream()
        .filter(
            c ->
                c.getAction() == dev.vigil.schema.CommandAction.KILL
                    || c.getAction() == dev.vigil.schema.CommandAction.STEP_UP)
        .map(SessionCommand::getSessionId)
        .collect(java.util.stream.Collectors.toSet());
  }

  static Outgoing avro(AccessEvent e) throws IOException {
    return new Outgoing(bytes(e.toByteBuffer()), System.currentTimeMillis());
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
