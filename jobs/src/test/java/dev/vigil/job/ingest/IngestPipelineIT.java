package dev.vigil.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.demo.DemoTraffic;
import dev.vigil.demo.HostileRecords;
import dev.vigil.job.kafka.KafkaConnections;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.runtime.JobDefaults;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.DeadLetterReason;
import dev.vigil.testing.KafkaExtension;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ingest stage end to end on Flink's MiniCluster against a real Kafka broker: 10,000 JSON lines
 * with every kind of malformed or hostile record mixed in, plus Avro records, through Kafka sources
 * and sinks. Asserts exactly what comes out: each valid line as the right AccessEvent, each invalid
 * one as a dead letter with its reason and origin, and nothing lost or made up.
 */
class IngestPipelineIT {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final int JSON_LINES = 10_000;
  private static final int HOSTILE_COPIES = 20;
  private static final String EVENTS_OUT = "it.ingest.events";
  private static final String DEAD_LETTERS_OUT = "it.ingest.dead-letter";

  private static final Map<String, AccessEvent> expectedEvents = new HashMap<>();
  private static final Map<ByteBuffer, DeadLetterReason> expectedReasons = new HashMap<>();
  private static final Map<ByteBuffer, Integer> hostileCopies = new HashMap<>();
  private static int hostileKinds;
  private static int avroRecords;

  @BeforeAll
  static void sendTrafficAndRunTheIngest() throws Exception {
    Properties client = KAFKA.clientProperties();
    KafkaTestSupport.createTopic(client, EVENTS_OUT, 2);
    KafkaTestSupport.createTopic(client, DEAD_LETTERS_OUT, 1);
    long now = System.currentTimeMillis();

    List<HostileRecords.Sample> hostile = HostileRecords.all(now);
    hostileKinds = hostile.size();
    List<Outgoing> json = new ArrayList<>();
    for (HostileRecords.Sample sample : hostile) {
      ByteBuffer key = hash(sample.raw());
      expectedReasons.put(key, sample.expected());
      hostileCopies.put(key, HOSTILE_COPIES);
      for (int i = 0; i < HOSTILE_COPIES; i++) {
        json.add(new Outgoing(sample.raw(), now));
      }
    }
    DemoTraffic traffic = new DemoTraffic(42, 300);
    while (json.size() < JSON_LINES) {
      DemoTraffic.Line line = traffic.next(now - 60_000, now);
      expectedEvents.put(line.expected().getEventId(), line.expected());
      json.add(new Outgoing(line.json(), now));
    }
    Collections.shuffle(json, new Random(7));

    List<Outgoing> avro = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      AccessEvent e = traffic.next(now - 30_000, now).expected();
      e.setEventId("avro-" + i);
      expectedEvents.put(e.getEventId(), e);
      avro.add(new Outgoing(bytes(e.toByteBuffer()), now));
    }
    AccessEvent bad = traffic.next(now, now).expected();
    bad.setStatus(700);
    byte[] badStatus = bytes(bad.toByteBuffer());
    byte[] truncated = java.util.Arrays.copyOf(badStatus, badStatus.length / 2);
    byte[] unknownFingerprint = badStatus.clone();
    unknownFingerprint[5] ^= 0x5A;
    byte[] noHeader = "{\"not\":\"avro\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (var sample :
        Map.of(
                badStatus, DeadLetterReason.BAD_STATUS,
                truncated, DeadLetterReason.TRUNCATED_AVRO,
                unknownFingerprint, DeadLetterReason.UNKNOWN_FINGERPRINT,
                noHeader, DeadLetterReason.NOT_SINGLE_OBJECT_AVRO)
            .entrySet()) {
      expectedReasons.put(hash(sample.getKey()), sample.getValue());
      hostileCopies.put(hash(sample.getKey()), 1);
      avro.add(new Outgoing(sample.getKey(), now));
    }
    hostileKinds += 4;
    avroRecords = avro.size();

    KafkaTestSupport.sendAll(client, VigilTopic.ACCESS_LOGS.topicName(), json);
    KafkaTestSupport.sendAll(client, VigilTopic.ACCESS_EVENTS.topicName(), avro);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobDefaults.apply(env, 2, Duration.ofSeconds(1));
    IngestSettings settings = IngestSettings.defaults();
    IngestJob.build(
        env,
        List.of(
            new IngestStage.NamedSource(
                "json",
                KafkaConnections.ingestSource(
                    client,
                    VigilTopic.ACCESS_LOGS.topicName(),
                    RecordFormat.JSON,
                    "it-ingest",
                    settings,
                    true)),
            new IngestStage.NamedSource(
                "avro",
                KafkaConnections.ingestSource(
                    client,
                    VigilTopic.ACCESS_EVENTS.topicName(),
                    RecordFormat.AVRO,
                    "it-ingest",
                    settings,
                    true))),
        KafkaConnections.avroSink(
            client,
            EVENTS_OUT,
            AccessEvent.class,
            AccessEvent::getAccountId,
            DeliveryGuarantee.AT_LEAST_ONCE,
            null),
        KafkaConnections.avroSink(
            client,
            DEAD_LETTERS_OUT,
            DeadLetter.class,
            d -> null,
            DeliveryGuarantee.AT_LEAST_ONCE,
            null),
        settings);
    env.execute("it-ingest");
  }

  @Test
  void theTrafficMixesAtLeastTwentyKindsOfBadRecords() {
    assertThat(hostileKinds).isGreaterThanOrEqualTo(20);
  }

  @Test
  void everyValidRecordArrivesOnceAsTheRightAccessEvent() throws Exception {
    List<AccessEvent> events = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        KafkaTestSupport.readAll(KAFKA.clientProperties(), EVENTS_OUT)) {
      AccessEvent e = AccessEvent.getDecoder().decode(r.value());
      events.add(e);
      assertThat(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(e.getAccountId());
    }

    Map<String, AccessEvent> byId =
        events.stream().collect(Collectors.toMap(AccessEvent::getEventId, e -> e));
    assertThat(byId).as("no duplicates").hasSameSizeAs(events);
    assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(expectedEvents.keySet());
    for (AccessEvent expected : expectedEvents.values()) {
      assertThat(byId.get(expected.getEventId())).isEqualTo(expected);
    }
  }

  @Test
  void everyInvalidRecordArrivesInTheDeadLetterTopicWithItsReasonAndOrigin() throws Exception {
    Map<ByteBuffer, Integer> seen = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r :
        KafkaTestSupport.readAll(KAFKA.clientProperties(), DEAD_LETTERS_OUT)) {
      DeadLetter dl = DeadLetter.getDecoder().decode(r.value());
      // Keyed by the whole record's hash: a dead letter keeps at most 64 KiB of the record.
      ByteBuffer raw = ByteBuffer.wrap(bytes(dl.getRaw()));
      assertThat(raw.remaining()).isLessThanOrEqualTo(DeadLetterRaw.MAX_RAW_BYTES);
      assertThat(dl.getRawLength()).isGreaterThanOrEqualTo(raw.remaining());
      ByteBuffer key = dl.getRawSha256();
      assertThat(expectedReasons).as("a dead letter that was a valid record").containsKey(key);
      assertThat(dl.getReason())
          .as("reason for %s (%s)", preview(raw), dl.getMessage())
          .isEqualTo(expectedReasons.get(key));
      assertThat(dl.getSourceTopic())
          .isIn(VigilTopic.ACCESS_LOGS.topicName(), VigilTopic.ACCESS_EVENTS.topicName());
      assertThat(dl.getSourcePartition()).isNotNull();
      assertThat(dl.getSourceOffset()).isNotNull();
      assertThat(dl.getMessage()).isNotBlank().hasSizeLessThan(300);
      seen.merge(key, 1, Integer::sum);
    }
    assertThat(seen).isEqualTo(hostileCopies);
  }

  @Test
  void readEqualsValidPlusDeadLettered() {
    int read = JSON_LINES + avroRecords;
    int valid = KafkaTestSupport.readAll(KAFKA.clientProperties(), EVENTS_OUT).size();
    int dead = KafkaTestSupport.readAll(KAFKA.clientProperties(), DEAD_LETTERS_OUT).size();

    assertThat(valid + dead).isEqualTo(read);
    assertThat(valid).isEqualTo(expectedEvents.size());
  }

  private static ByteBuffer hash(byte[] record) {
    return ByteBuffer.wrap(DeadLetterRaw.sha256(record, record.length));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static String preview(ByteBuffer raw) {
    String text = new String(bytes(raw), java.nio.charset.StandardCharsets.UTF_8);
    return text.length() > 120 ? text.substring(0, 120) + "..." : text;
  }
}
