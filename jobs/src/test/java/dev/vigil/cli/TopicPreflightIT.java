package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.kafka.VigilTopic;
import dev.vigil.testing.KafkaExtension;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Before a job starts, the topics it uses must exist with the partitions of their definition: a
 * missing topic or another partition count is one line naming the fix, exit 1, and no job runs.
 */
class TopicPreflightIT {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static void delete(String topic) throws Exception {
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      admin.deleteTopics(List.of(topic)).all().get();
      await().until(() -> !admin.listTopics().names().get().contains(topic));
    }
  }

  private static void create(String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
  }

  private static int partitions(String topic) throws Exception {
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      return admin
          .describeTopics(Set.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .size();
    }
  }

  private static void assertOneLineFailure(CliRun run, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
    assertThat(run.err()).startsWith("vigil: ").contains(message).doesNotContain("\tat ");
    assertThat(run.out()).doesNotContain("running");
  }

  @Test
  void aMissingTopicStopsIngestBeforeItStartsAndTheFixItNamesCreatesIt() throws Exception {
    String topic = VigilTopic.ACCESS_LOGS.topicName();
    String b = KAFKA.bootstrapServers();
    delete(topic);

    CliRun ingest = CliRun.of("ingest", "--insecure", "-b", b, "--timeout", "10s");

    assertOneLineFailure(
        ingest,
        "topic "
            + topic
            + " does not exist at "
            + b
            + "; create Vigil's topics with: vigil topics create -b "
            + b);
    CliRun fix = CliRun.of("topics", "create", "--replication-factor", "1", "-b", b);
    assertThat(fix.exitCode()).as(fix.err()).isZero();
    assertThat(partitions(topic)).isEqualTo(VigilTopic.ACCESS_LOGS.partitions());
  }

  @Test
  void aTopicWithFewerPartitionsThanItsDefinitionStopsRunNamingTheCountsAndTheFix()
      throws Exception {
    String topic = VigilTopic.SESSION_COMMANDS.topicName();
    String b = KAFKA.bootstrapServers();
    delete(topic);
    create(topic, 1);

    CliRun run =
        CliRun.of(
            "run",
            "--insecure",
            "-b",
            b,
            "--timeout",
            "10s",
            "--set",
            "commands.require-signature=false");

    assertOneLineFailure(
        run,
        "topic "
            + topic
            + " has 1 partition where Vigil's definition has "
            + VigilTopic.SESSION_COMMANDS.partitions()
            + "; add partitions with: kafka-topics.sh --bootstrap-server "
            + b
            + " --alter --topic "
            + topic
            + " --partitions "
            + VigilTopic.SESSION_COMMANDS.partitions());
  }

  @Test
  void aRenamedTopicIsCheckedUnderItsConfiguredNameForPresenceOnly() {
    var cfg =
        dev.vigil.job.config.JobConfig.load(
            null, List.of("topics.access-events=prod.events", "inputs.avro=true"));
    Map<String, VigilTopic> topics = TopicCheck.riskJob(cfg);
    assertThat(topics).containsEntry("prod.events", VigilTopic.ACCESS_EVENTS);
    assertThat(TopicCheck.missing("prod.events", VigilTopic.ACCESS_EVENTS, "k:9092"))
        .isEqualTo(
            "topic prod.events (named by topics.access-events) does not exist at k:9092; create it"
                + " with 4 partitions and the settings 'vigil topics list' shows for"
                + " vigil.access-events");
    assertThat(TopicCheck.partitionsProblem("prod.events", VigilTopic.ACCESS_EVENTS, 12, "k:9092"))
        .as("the operator chose the partitions of a topic they named")
        .isNull();
    assertThat(
            TopicCheck.partitionsProblem(
                VigilTopic.ACCESS_EVENTS.topicName(), VigilTopic.ACCESS_EVENTS, 12, "k:9092"))
        .isEqualTo(
            "topic vigil.access-events has 12 partitions where Vigil's definition has 4; delete it"
                + " and recreate it with: vigil topics create -b k:9092");
  }
}
