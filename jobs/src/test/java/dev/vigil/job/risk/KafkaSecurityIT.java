package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.engine.Events;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.kafka.KafkaClientConfig;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.SessionCommand;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import dev.vigil.testing.SecureKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session risk job against a broker that authenticates (SASL_SSL, SCRAM-SHA-512) and authorises
 * (StandardAuthorizer, deny unless an ACL allows) every client: the job, with exactly the ACLs the
 * README lists for it and its secrets read from files, reads events and writes commands and its
 * exactly-once audit trail; the gateway may read commands but not write them; an intruder with
 * valid credentials but no ACL, a client with a wrong password and a client without TLS and SASL
 * cannot write to {@code vigil.session-commands}, and the broker's refusal is asserted.
 */
class KafkaSecurityIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  static final String COMMANDS = VigilTopic.SESSION_COMMANDS.topicName();
  static final String GROUP = "vigil-risk";

  @TempDir Path dir;

  @Test
  void onlyTheJobWritesCommandsAndTheGatewayOnlyReadsThem() throws Exception {
    Map<String, String> passwords = new LinkedHashMap<>();
    for (String user : List.of("admin", "job", "gateway", "auditor", "intruder")) {
      passwords.put(user, SecureKafka.randomSecret());
    }
    try (SecureKafka kafka = SecureKafka.start(dir)) {
      kafka.createUsers(passwords);
      Properties admin = kafka.client("admin", passwords.get("admin"));
      // One partition of events keeps the takeover in order; the other topics as defined.
      KafkaTestSupport.createTopic(admin, VigilTopic.ACCESS_EVENTS.topicName(), 1);
      TopicAdmin.createMissing(admin, (short) 1, EnumSet.allOf(VigilTopic.class));
      List<AclBinding> acls = jobAcls("User:job", GROUP);
      acls.add(allow("User:gateway", ResourceType.TOPIC, COMMANDS, AclOperation.READ));
      acls.add(allow("User:gateway", ResourceType.GROUP, "gateway", AclOperation.READ));
      acls.add(
          allow(
              "User:auditor",
              ResourceType.TOPIC,
              VigilTopic.RISK_DECISIONS.topicName(),
              AclOperation.READ));
      kafka.createAcls(admin, acls);

      // The job's client settings come from a client-properties file, as 'vigil run
      // --client-config' loads it; its secrets are in another file, and are never printed.
      Path jobConfig = kafka.clientConfigFile("job", passwords.get("job"));
      Properties job = KafkaClientConfig.load(null, jobConfig);
      String described = KafkaClientConfig.describe(job);
      assertThat(KafkaClientConfig.requireAuthentication(job, false, "run")).isNull();
      assertThat(described).doesNotContain(passwords.get("job")).contains("sasl.jaas.config=");
      assertThat(Files.readString(jobConfig)).doesNotContain(passwords.get("job"));

      KafkaTestSupport.sendAll(admin, VigilTopic.ACCESS_EVENTS.topicName(), takeover());
      JobClient risk = startJob(job);
      try {
        Properties gateway = kafka.client("gateway", passwords.get("gateway"));
        Awaitility.await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    stillRunning(risk)
                        && !KafkaTestSupport.readAll(gateway, COMMANDS).isEmpty()
                        && !KafkaTestSupport.readAll(admin, VigilTopic.RISK_DECISIONS.topicName())
                            .isEmpty());
        List<SessionCommand> commands = new ArrayList<>();
        for (var r : KafkaTestSupport.readAll(gateway, COMMANDS)) {
          commands.add(SessionCommand.getDecoder().decode(r.value()));
        }
        int decisions =
            KafkaTestSupport.readAll(admin, VigilTopic.RISK_DECISIONS.topicName()).size();
        assertThat(commands).anyMatch(c -> c.getSessionId().equals("stolen"));

        // The auditor verifies the trail through the CLI with its own client-properties file;
        // the intruder, authenticated but without an ACL, is refused.
        CliResult audit =
            cli(
                "audit",
                "verify",
                "--topic",
                VigilTopic.RISK_DECISIONS.topicName(),
                "--from-genesis",
                "--client-config",
                kafka.clientConfigFile("auditor", passwords.get("auditor")).toString());
        CliResult refused =
            cli(
                "audit",
                "verify",
                "--topic",
                VigilTopic.RISK_DECISIONS.topicName(),
                "--client-config",
                kafka.clientConfigFile("intruder", passwords.get("intruder")).toString());
        assertThat(audit.code()).as(audit.err()).isZero();
        assertThat(audit.out()).contains("intact");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("Kafka refused the credentials");

        // The gateway reads commands but may not write one; the intruder may do neither.
        Throwable gatewayWrite = write(gateway);
        Throwable intruderWrite = write(kafka.client("intruder", passwords.get("intruder")));
        Throwable wrongPassword = write(kafka.client("job", "not-" + passwords.get("job")));
        Properties noSasl = new Properties();
        noSasl.setProperty("bootstrap.servers", kafka.bootstrapServers());
        noSasl.setProperty("max.block.ms", "5000");
        Throwable unauthenticated = write(noSasl);
        assertThat(gatewayWrite).isInstanceOf(TopicAuthorizationException.class);
        assertThat(intruderWrite).isInstanceOf(TopicAuthorizationException.class);
        assertThat(wrongPassword).isInstanceOf(SaslAuthenticationException.class);
        // Without TLS the client never gets past the handshake: the broker drops it, and the
        // producer gives up when max.block.ms (5 s) has passed.
        assertThat(unauthenticated)
            .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        assertThatThrownBy(
                () ->
                    KafkaTestSupport.readAll(
                        kafka.client("intruder", passwords.get("intruder")), COMMANDS))
            .isInstanceOf(TopicAuthorizationException.class);
        List<String> forged =
            KafkaTestSupport.readAll(gateway, COMMANDS).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .filter(v -> v.startsWith("forged"))
                .toList();
        assertThat(forged).isEmpty();

        System.out.printf(
            "KafkaSecurityIT: SASL_SSL (SCRAM-SHA-512) at %s, %d ACLs; job (secrets from files,"
                + " printed as: %s) from the %d events sent wrote %d commands (%s) and %d audit"
                + " records; gateway read them; refused writes to %s: gateway %s, intruder %s,"
                + " wrong password %s, no TLS/SASL never connected (%s); intruder's read refused;"
                + " 'vigil audit verify' as auditor: %s; as intruder: %s%n",
            kafka.bootstrapServers(),
            acls.size(),
            described.replaceAll(".*(sasl.jaas.config=[^,]*).*", "$1"),
            takeover().size(),
            commands.size(),
            commands.stream().map(c -> c.getSessionId() + ":" + c.getAction()).toList(),
            decisions,
            COMMANDS,
            gatewayWrite.getClass().getSimpleName(),
            intruderWrite.getClass().getSimpleName(),
            wrongPassword.getClass().getSimpleName(),
            unauthenticated.getClass().getSimpleName(),
            audit.out().strip().lines().findFirst().orElse(""),
            refused.err().strip());
      } finally {
        if (!risk.getJobStatus().get(60, TimeUnit.SECONDS).isGloballyTerminalState()) {
          risk.cancel().get(60, TimeUnit.SECONDS);
        }
      }
    }
  }

  /**
   * The ACLs the session risk job needs (README, "Security of the pipeline"): read its inputs and
   * the model topic, write its outputs, its consumer groups and its audit sink's transactions.
   */
  static List<AclBinding> jobAcls(String principal, String group) {
    List<AclBinding> acls = new ArrayList<>();
    for (VigilTopic t :
        List.of(VigilTopic.ACCESS_LOGS, VigilTopic.ACCESS_EVENTS, VigilTopic.MODELS)) {
      acls.add(allow(principal, ResourceType.TOPIC, t.topicName(), AclOperation.READ));
    }
    for (VigilTopic t :
        List.of(
            VigilTopic.SESSION_COMMANDS,
            VigilTopic.RISK_DECISIONS,
            VigilTopic.DEAD_LETTER,
            VigilTopic.CAEP)) {
      acls.add(allow(principal, ResourceType.TOPIC, t.topicName(), AclOperation.WRITE));
    }
    acls.add(prefixed(principal, ResourceType.GROUP, group, AclOperation.READ));
    acls.add(
        prefixed(
            principal,
            ResourceType.TRANSACTIONAL_ID,
            group + "-risk-decisions",
            AclOperation.WRITE));
    return acls;
  }

  static AclBinding allow(String principal, ResourceType type, String name, AclOperation op) {
    return new AclBinding(
        new ResourcePattern(type, name, PatternType.LITERAL),
        new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
  }

  static AclBinding prefixed(String principal, ResourceType type, String name, AclOperation op) {
    return new AclBinding(
        new ResourcePattern(type, name, PatternType.PREFIXED),
        new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
  }

  /** Thirty quiet days of the owner, then a login from another continent and a withdrawal. */
  static List<Outgoing> takeover() throws Exception {
    List<Outgoing> history = new ArrayList<>();
    long t = Events.T0;
    for (int d = 0; d < 30; d++) {
      for (int i = 0; i < 10; i++) {
        t = Events.T0 + d * 86_400_000L + 9 * 3_600_000L + i * 20_000L;
        history.add(avro(Events.owner("owner-" + d, t).build()));
      }
    }
    long attack = t + 86_400_000L;
    history.add(avro(Events.attacker("stolen", attack).setPath("/api/v1/balance").build()));
    history.add(
        avro(
            Events.attacker("stolen", attack + 5_000)
                .setMethod("POST")
                .setPath("/api/v1/withdraw")
                .setWithdrawalAddress("bc1qattacker")
                .build()));
    return history;
  }

  private static Outgoing avro(AccessEvent e) throws Exception {
    java.nio.ByteBuffer b = e.toByteBuffer();
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return new Outgoing(bytes, System.currentTimeMillis());
  }

  private JobClient startJob(Properties client) throws Exception {
    Path keys = dir.resolve("command-keys");
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    Files.writeString(keys, "k1:" + java.util.Base64.getEncoder().encodeToString(key));
    Files.setPosixFilePermissions(
        keys, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    JobConfig cfg =
        JobConfig.load(
            null,
            List.of(
                "parallelism=1",
                "checkpoint.interval=1s",
                "restart.attempts=2",
                "restart.delay=1s",
                "commands.key-file=" + keys));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobSettings.flink(cfg));
    env.setParallelism(1);
    RiskPipeline.build(env, client, cfg);
    return env.executeAsync(RiskJob.NAME);
  }

  /** False once the job ended; a failed job's cause is rethrown (e.g. a missing ACL). */
  private static boolean stillRunning(JobClient job) throws Exception {
    JobStatus status = job.getJobStatus().get(60, TimeUnit.SECONDS);
    if (status == JobStatus.FAILED) {
      try {
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw new AssertionError("the job failed: " + e.getCause(), e.getCause());
      }
    }
    if (status.isGloballyTerminalState()) {
      throw new AssertionError("the job ended " + status + " before it wrote a command");
    }
    return true;
  }

  record CliResult(int code, String out, String err) {}

  private static CliResult cli(String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        dev.vigil.cli.VigilCli.execute(
            new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), args);
    return new CliResult(code, out.toString(), err.toString());
  }

  /** Tries to write a forged command; returns what the broker answered with (null if written). */
  private static Throwable write(Properties client) {
    Properties p = new Properties();
    p.putAll(client);
    p.put("key.serializer", ByteArraySerializer.class.getName());
    p.put("value.serializer", ByteArraySerializer.class.getName());
    p.putIfAbsent("max.block.ms", "30000");
    // An idempotent producer asks for a producer id first, which the broker refuses with a
    // ClusterAuthorizationException to a principal that may write nowhere; without it the
    // produce request itself reaches the broker and is refused for the topic.
    p.put("enable.idempotence", "false");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      producer
          .send(
              new ProducerRecord<>(
                  COMMANDS,
                  "stolen".getBytes(StandardCharsets.UTF_8),
                  "forged: extend session 24h".getBytes(StandardCharsets.UTF_8)))
          .get(60, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      return e;
    }
  }
}
