package dev.vigil.job.risk;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    }
    return JobConfig.load(null, sets);
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
   * signal is {@code done}; the 20-minute bound only stops a test whose job can never get there (a
   * busy machine made a 4-minute bound fail a correct run).
   */
  static void runUntil(JobConfig cfg, java.util.concurrent.Callable<Boolean> done)
      throws Exception {
    JobClient job = start(cfg);
    try {
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofMinutes(20))
          .pollInterval(java.time.Duration.ofSeconds(2))
          .until(done);
    } finally {
      job.cancel().get(60, TimeUnit.SECONDS);
    }
  }

  /** Sends every line of a JSON-lines file, in order, to {@code topic}. */
  static void sendLines(String topic, Path file) throws Exception {
    List<Outgoing> records = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (String line : Files.readAllLines(file)) {
      records.add(new Outgoing(line.getBytes(java.nio.charset.StandardCharsets.UTF_8), now));
    }
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), topic, records);
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
