package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.demo.DemoTraffic;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.SecureKafka;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other principals of the README's ACL table, each through the CLI with its own
 * client-properties file against the SASL_SSL broker (SCRAM-SHA-512, StandardAuthorizer): a log
 * shipper replays logs with {@code vigil produce}, the ingest job turns them into events with
 * {@code vigil ingest} (no {@code --insecure}: the connection authenticates), a model publisher
 * publishes a model, an analyst records a label; each is refused what belongs to another.
 */
class KafkaPrincipalsIT {
  @TempDir Path dir;

  @Test
  void eachPrincipalDoesItsJobWithItsAclsAndIsRefusedTheOthers() throws Exception {
    Map<String, String> passwords = new LinkedHashMap<>();
    for (String user : List.of("admin", "shipper", "ingest", "publisher", "analyst")) {
      passwords.put(user, SecureKafka.randomSecret());
    }
    try (SecureKafka kafka = SecureKafka.start(dir)) {
      kafka.createUsers(passwords);
      Properties admin = kafka.client("admin", passwords.get("admin"));
      TopicAdmin.createMissing(admin, (short) 1, EnumSet.allOf(VigilTopic.class));
      List<AclBinding> acls = new ArrayList<>();
      acls.add(allow("shipper", ResourceType.TOPIC, VigilTopic.ACCESS_LOGS, AclOperation.WRITE));
      acls.add(allow("ingest", ResourceType.TOPIC, VigilTopic.ACCESS_LOGS, AclOperation.READ));
      acls.add(allow("ingest", ResourceType.TOPIC, VigilTopic.ACCESS_EVENTS, AclOperation.WRITE));
      acls.add(allow("ingest", ResourceType.TOPIC, VigilTopic.DEAD_LETTER, AclOperation.WRITE));
      acls.add(allow("ingest", ResourceType.GROUP, "vigil-ingest", AclOperation.READ));
      acls.add(allow("publisher", ResourceType.TOPIC, VigilTopic.MODELS, AclOperation.WRITE));
      acls.add(allow("analyst", ResourceType.TOPIC, VigilTopic.LABELS, AclOperation.WRITE));
      acls.add(allow("analyst", ResourceType.TOPIC, VigilTopic.RISK_DECISIONS, AclOperation.READ));
      kafka.createAcls(admin, acls);
      Map<String, String> config = new LinkedHashMap<>();
      for (String user : passwords.keySet()) {
        config.put(user, kafka.clientConfigFile(user, passwords.get(user)).toString());
      }

      long now = System.currentTimeMillis();
      DemoTraffic traffic = new DemoTraffic(3, 50);
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        lines.add(new String(traffic.next(now, now).json(), StandardCharsets.UTF_8));
      }
      Path logs = dir.resolve("access.jsonl");
      Files.write(logs, lines);
      CliRun shipped =
          CliRun.of(
              "produce",
              "--topic",
              VigilTopic.ACCESS_LOGS.topicName(),
              "--input",
              logs.toString(),
              "--no-progress",
              "--client-config",
              config.get("shipper"));
      CliRun ingested =
          CliRun.of(
              "ingest",
              "--client-config",
              config.get("ingest"),
              "--bounded",
              "--parallelism",
              "1",
              "--web-ui-port",
              "0");
      int events =
          KafkaTestSupport.readAll(admin, VigilTopic.ACCESS_EVENTS.topicName()).size()
              + KafkaTestSupport.readAll(admin, VigilTopic.DEAD_LETTER.topicName()).size();
      CliRun published =
          CliRun.of(
              "publish-model",
              defaultModel().toString(),
              "--unsigned",
              "--client-config",
              config.get("publisher"));
      CliRun labelled = label(config.get("analyst"));
      CliRun publisherLabels = label(config.get("publisher"));
      CliRun analystPublishes =
          CliRun.of(
              "publish-model",
              defaultModel().toString(),
              "--unsigned",
              "--client-config",
              config.get("analyst"));

      assertThat(shipped.exitCode()).as(shipped.err()).isZero();
      assertThat(ingested.exitCode()).as(ingested.err()).isZero();
      assertThat(ingested.out()).contains("sasl.jaas.config=[hidden]").doesNotContain("WARNING");
      assertThat(events).isEqualTo(200);
      assertThat(published.exitCode()).as(published.err()).isZero();
      assertThat(labelled.exitCode()).as(labelled.err()).isZero();
      for (CliRun refused : List.of(publisherLabels, analystPublishes)) {
        assertThat(refused.exitCode()).isEqualTo(VigilCli.EXIT_FAILURE);
      }
      assertThat(publisherLabels.err()).contains("TopicAuthorizationException");
      assertThat(analystPublishes.err()).contains("TopicAuthorizationException");
      assertThat(KafkaTestSupport.readAll(admin, VigilTopic.MODELS.topicName())).hasSize(1);
      assertThat(KafkaTestSupport.readAll(admin, VigilTopic.LABELS.topicName())).hasSize(1);
      System.out.printf(
          "KafkaPrincipalsIT: %d ACLs over SASL_SSL; shipper produced 200 lines, ingest (no"
              + " --insecure) wrote %d events and dead letters, publisher published a model,"
              + " analyst a label; refused: publisher's label (%s), analyst's model (%s)%n",
          acls.size(), events, publisherLabels.err().strip(), analystPublishes.err().strip());
    }
  }

  /**
   * A Flink job whose principal lacks an ACL stops at its first refusal instead of restarting until
   * its attempts run out: {@code vigil run} for a principal with every ACL of the README's table
   * but READ on {@code vigil.access-logs}, and {@code vigil ingest} (unbounded, where it would loop
   * for ever) for one without READ on its group, each exit {@link VigilCli#EXIT_FAILURE} with one
   * line naming the principal, the operation and the resource, after at most one restart (of ten
   * allowed for {@code vigil run}). Each run ends by itself; the bound on each is only a guard
   * against a CLI that never returns ({@code FaultWaits.BOUND}, five minutes).
   */
  @Test
  void aJobWithoutAnAclItNeedsStopsAtTheFirstRefusalNamingTheAcl() throws Exception {
    Map<String, String> passwords = new LinkedHashMap<>();
    for (String user : List.of("admin", "job", "ingest")) {
      passwords.put(user, SecureKafka.randomSecret());
    }
    try (SecureKafka kafka = SecureKafka.start(dir)) {
      kafka.createUsers(passwords);
      Properties admin = kafka.client("admin", passwords.get("admin"));
      TopicAdmin.createMissing(admin, (short) 1, EnumSet.allOf(VigilTopic.class));
      List<AclBinding> acls = new ArrayList<>();
      // The job's ACLs of the README but READ on vigil.access-logs.
      for (VigilTopic t : List.of(VigilTopic.ACCESS_EVENTS, VigilTopic.MODELS)) {
        acls.add(allow("job", ResourceType.TOPIC, t, AclOperation.READ));
      }
      for (VigilTopic t :
          List.of(
              VigilTopic.SESSION_COMMANDS,
              VigilTopic.RISK_DECISIONS,
              VigilTopic.DEAD_LETTER,
              VigilTopic.CAEP)) {
        acls.add(allow("job", ResourceType.TOPIC, t, AclOperation.WRITE));
      }
      acls.add(prefixed("job", ResourceType.GROUP, "vigil-risk", AclOperation.READ));
      acls.add(
          prefixed(
              "job",
              ResourceType.TRANSACTIONAL_ID,
              "vigil-risk-risk-decisions",
              AclOperation.WRITE));
      // The ingest job's ACLs but READ on its group.
      acls.add(allow("ingest", ResourceType.TOPIC, VigilTopic.ACCESS_LOGS, AclOperation.READ));
      acls.add(allow("ingest", ResourceType.TOPIC, VigilTopic.ACCESS_EVENTS, AclOperation.WRITE));
      acls.add(allow("ingest", ResourceType.TOPIC, VigilTopic.DEAD_LETTER, AclOperation.WRITE));
      kafka.createAcls(admin, acls);
      Path keys = dir.resolve("command-keys");
      Files.writeString(
          keys,
          "k1:"
              + java.util.Base64.getEncoder()
                  .encodeToString("an-it-command-key-of-32-bytes-ok".getBytes()));
      Files.setPosixFilePermissions(
          keys, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

      CliRun run =
          bounded(
              "run",
              "--client-config",
              kafka.clientConfigFile("job", passwords.get("job")).toString(),
              "--web-ui-port",
              "0",
              "--set",
              "parallelism=1",
              "--set",
              "restart.attempts=10",
              "--set",
              "restart.delay=1s",
              "--set",
              "checkpoint.dir=" + dir.resolve("checkpoints"),
              "--set",
              "commands.key-file=" + keys);
      CliRun ingest =
          bounded(
              "ingest",
              "--client-config",
              kafka.clientConfigFile("ingest", passwords.get("ingest")).toString(),
              "--parallelism",
              "1",
              "--web-ui-port",
              "0");
      System.out.printf(
          "missing ACLs: vigil run exited %d: %s%n  vigil ingest exited %d: %s%n",
          run.exitCode(), run.err().strip(), ingest.exitCode(), ingest.err().strip());

      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(VigilCli.EXIT_FAILURE);
      assertThat(run.err())
          .contains("principal User:job")
          .contains("READ on topic " + VigilTopic.ACCESS_LOGS.topicName())
          .contains("TopicAuthorizationException")
          .containsPattern("stopped after [01] restarts?")
          .doesNotContain("\tat ");
      assertThat(ingest.exitCode())
          .as(ingest.out() + ingest.err())
          .isEqualTo(VigilCli.EXIT_FAILURE);
      assertThat(ingest.err())
          .contains("principal User:ingest")
          .contains("READ on group vigil-ingest")
          .contains("GroupAuthorizationException")
          .containsPattern("stopped after [01] restarts?")
          .doesNotContain("\tat ");
      for (CliRun r : List.of(run, ingest)) {
        assertThat(r.err().lines().count()).as(r.err()).isLessThanOrEqualTo(2);
      }
    }
  }

  /** The CLI in another thread, bounded only as a guard against one that never returns. */
  private static CliRun bounded(String... args) throws Exception {
    return java.util.concurrent.CompletableFuture.supplyAsync(() -> CliRun.of(args))
        .get(5, java.util.concurrent.TimeUnit.MINUTES);
  }

  private static AclBinding prefixed(String user, ResourceType type, String name, AclOperation op) {
    return new AclBinding(
        new ResourcePattern(type, name, PatternType.PREFIXED),
        new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
  }

  private static CliRun label(String clientConfig) {
    return CliRun.of(
        "label",
        "--session",
        "s-1",
        "--verdict",
        "compromised",
        "--analyst",
        "ana",
        "--client-config",
        clientConfig);
  }

  private static AclBinding allow(
      String user, ResourceType type, VigilTopic topic, AclOperation op) {
    return allow(user, type, topic.topicName(), op);
  }

  private static AclBinding allow(String user, ResourceType type, String name, AclOperation op) {
    return new AclBinding(
        new ResourcePattern(type, name, PatternType.LITERAL),
        new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
  }

  private Path defaultModel() throws Exception {
    Path model = dir.resolve("model.json");
    try (InputStream in =
        dev.vigil.core.model.RiskModelLoader.class.getResourceAsStream(
            dev.vigil.core.model.RiskModelLoader.DEFAULT_RESOURCE)) {
      Files.write(model, in.readAllBytes());
    }
    return model;
  }
}
