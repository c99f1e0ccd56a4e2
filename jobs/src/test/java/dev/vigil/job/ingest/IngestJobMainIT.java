package dev.vigil.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.VigilTopic;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetter;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import dev.vigil.testing.KafkaExtension;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link IngestJobMain} as Flink's tools call it: its {@code main} with {@code --key value}
 * arguments, on the environment Flink provides ({@code getExecutionEnvironment}: here the test's
 * MiniCluster), against the real broker. With {@code --bounded} it returns once the topic's records
 * at start are read; every record comes out once, valid or dead-lettered.
 */
class IngestJobMainIT {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @Test
  void theEntryClassIngestsTheTopicToItsEndAndDeadLettersTheMalformed(@TempDir Path dir)
      throws Exception {
    Simulator.generate(
        new SimulationConfig(5, Duration.ofMinutes(30).toMillis(), 3, ScenarioMix.none()), dir);
    List<String> valid = Files.readAllLines(dir.resolve("events.jsonl"));
    List<String> malformed = List.of("{not json", "[]", "{\"@timestamp\": 1}");
    List<Outgoing> records = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (String line : valid) {
      records.add(new Outgoing(line.getBytes(StandardCharsets.UTF_8), now));
    }
    for (String line : malformed) {
      records.add(new Outgoing(line.getBytes(StandardCharsets.UTF_8), now));
    }
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), VigilTopic.ACCESS_LOGS.topicName(), records);

    IngestJobMain.main(
        new String[] {
          "--bootstrap-servers",
          KAFKA.bootstrapServers(),
          "--insecure",
          "--bounded",
          "--group-id",
          "ingest-main-it",
          "--parallelism",
          "2",
          "--checkpoint.interval",
          "1s"
        });

    List<AccessEvent> events = new ArrayList<>();
    for (var r :
        KafkaTestSupport.readAll(KAFKA.clientProperties(), VigilTopic.ACCESS_EVENTS.topicName())) {
      events.add(AccessEvent.getDecoder().decode(r.value()));
    }
    List<DeadLetter> dead = new ArrayList<>();
    for (var r :
        KafkaTestSupport.readAll(KAFKA.clientProperties(), VigilTopic.DEAD_LETTER.topicName())) {
      dead.add(DeadLetter.getDecoder().decode(r.value()));
    }
    System.out.printf(
        "IngestJobMain --bounded: %d records in, %d events and %d dead letters out%n",
        records.size(), events.size(), dead.size());
    assertThat(valid).isNotEmpty();
    assertThat(events).hasSameSizeAs(valid);
    assertThat(dead).hasSameSizeAs(malformed);
  }
}
