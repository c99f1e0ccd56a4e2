package dev.vigil.bench;

import dev.vigil.kafka.TopicAdmin;
import dev.vigil.kafka.VigilTopic;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The topics of one benchmark run: its input and its own four outputs, with the partition counts of
 * the production topics ({@link VigilTopic}) and broker append times ({@code
 * message.timestamp.type=LogAppendTime}), so that a record's timestamp is when the broker wrote it:
 * the clock every latency and throughput figure is read from.
 *
 * @param run the run's name (its topics are {@code bench.RUN.*}, its consumer group {@code
 *     bench-RUN})
 * @param input the access-events topic it reads
 */
public record BenchTopics(String run, String input) {
  private static final Map<String, String> APPEND_TIME =
      Map.of("message.timestamp.type", "LogAppendTime");

  public String commands() {
    return "bench." + run + ".commands";
  }

  public String decisions() {
    return "bench." + run + ".decisions";
  }

  public String deadLetters() {
    return "bench." + run + ".dead-letter";
  }

  public String caep() {
    return "bench." + run + ".caep";
  }

  /** The run's job settings: its topics and consumer group; Avro input only. */
  public List<String> settings() {
    return List.of(
        "inputs.json=false",
        "topics.access-events=" + input,
        "topics.session-commands=" + commands(),
        "topics.risk-decisions=" + decisions(),
        "topics.dead-letter=" + deadLetters(),
        "topics.caep=" + caep(),
        "kafka.group-id=bench-" + run);
  }

  /** Creates the run's output topics. */
  public void create(Properties client) throws Exception {
    createTopics(
        client,
        Map.of(
            commands(), VigilTopic.SESSION_COMMANDS.partitions(),
            decisions(), VigilTopic.RISK_DECISIONS.partitions(),
            deadLetters(), VigilTopic.DEAD_LETTER.partitions(),
            caep(), VigilTopic.CAEP.partitions()));
  }

  /** Creates topics (name to partitions) with broker append times, and waits for their leaders. */
  public static void createTopics(Properties client, Map<String, Integer> topics) throws Exception {
    try (Admin admin = Admin.create(client)) {
      List<NewTopic> created = new ArrayList<>();
      topics.forEach(
          (name, partitions) ->
              created.add(new NewTopic(name, partitions, (short) 1).configs(APPEND_TIME)));
      admin.createTopics(created).all().get(60, TimeUnit.SECONDS);
      TopicAdmin.awaitLeaders(admin, topics.keySet());
    }
  }

  /** A consumer of raw records that commits nothing and sees committed records only. */
  static KafkaConsumer<byte[], byte[]> consumer(Properties client) {
    Properties p = new Properties();
    p.putAll(client);
    p.put("enable.auto.commit", "false");
    p.put("isolation.level", "read_committed");
    p.put("max.poll.records", "5000");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** The end offsets of {@code topics}, per partition. */
  static Map<TopicPartition, Long> ends(Properties client, Collection<String> topics)
      throws Exception {
    try (Admin admin = Admin.create(client)) {
      return new HashMap<>(TopicAdmin.endOffsets(admin, topics));
    }
  }
}
