package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.VigilTopic;
import dev.vigil.testing.KafkaExtension;
import dev.vigil.testing.KafkaTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil topics create} and {@code vigil produce} against a real broker. */
class TopicsAndProduceIT {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @TempDir Path dir;

  @Test
  void topicsCreateIsIdempotentAndAppliesEachTopicsConfig() throws Exception {
    CliRun run =
        CliRun.of("topics", "create", "-b", KAFKA.bootstrapServers(), "--replication-factor", "1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    // The extension created every topic already, so none is created twice.
    assertThat(run.out().lines())
        .hasSize(VigilTopic.values().length)
        .allMatch(l -> l.endsWith("exists"));
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      ConfigResource models =
          new ConfigResource(ConfigResource.Type.TOPIC, VigilTopic.MODELS.topicName());
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(List.of(models)).all().get(30, TimeUnit.SECONDS);
      assertThat(configs.get(models).get("cleanup.policy").value()).isEqualTo("compact");
      assertThat(
              admin
                  .describeTopics(List.of(VigilTopic.ACCESS_LOGS.topicName()))
                  .allTopicNames()
                  .get(30, TimeUnit.SECONDS)
                  .get(VigilTopic.ACCESS_LOGS.topicName())
                  .partitions())
          .hasSize(VigilTopic.ACCESS_LOGS.partitions());
    }
  }

  @Test
  void produceSendsEveryLineOfTheFileAsOneRecord() throws Exception {
    Path file = dir.resolve("lines.jsonl");
    List<String> lines = IntStream.range(0, 500).mapToObj(i -> "{\"n\":" + i + "}").toList();
    Files.write(file, lines);
    KafkaTestSupport.createTopic(KAFKA.clientProperties(), "it.produce", 2);

    CliRun run =
        CliRun.of(
            "produce",
            "-b",
            KAFKA.bootstrapServers(),
            "--topic",
            "it.produce",
            "--input",
            file.toString(),
            "--rate",
            "5000",
            "--no-progress");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("sent 500 records to it.produce");
    List<String> received =
        KafkaTestSupport.readAll(KAFKA.clientProperties(), "it.produce").stream()
            .map(r -> new String(r.value(), StandardCharsets.UTF_8))
            .toList();
    assertThat(received).containsExactlyInAnyOrderElementsOf(lines);
  }

  @Test
  void simulateStreamsItsEventsToATopicKeyedByAccount() throws Exception {
    KafkaTestSupport.createTopic(KAFKA.clientProperties(), "it.sim", 2);

    CliRun run =
        CliRun.of(
            "simulate",
            "--accounts",
            "20",
            "--duration",
            "10m",
            "--seed",
            "3",
            "--to-kafka",
            "it.sim",
            "-b",
            KAFKA.bootstrapServers(),
            "--speed-up",
            "1000000",
            "--out",
            dir.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("wrote ([\\d,]+) events").matcher(run.out());
    assertThat(m.find()).as(run.out()).isTrue();
    long events = Long.parseLong(m.group(1).replace(",", ""));
    var records = KafkaTestSupport.readAll(KAFKA.clientProperties(), "it.sim");
    assertThat(records).hasSize((int) events);
    assertThat(records)
        .allSatisfy(
            r ->
                assertThat(new String(r.value(), StandardCharsets.UTF_8))
                    .contains(
                        "\"user.id\":\"" + new String(r.key(), StandardCharsets.UTF_8) + "\""));
    assertThat(dir.resolve("labels.jsonl")).exists();
  }
}
