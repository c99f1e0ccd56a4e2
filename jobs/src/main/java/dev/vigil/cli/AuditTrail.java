package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.audit.AuditVerifier;
import dev.vigil.schema.PlainJson;
import dev.vigil.schema.RiskDecision;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reading the audit trail for {@code vigil audit}: a topic partition by partition in offset order
 * (read_committed, so records of aborted transactions are never seen), or a JSON-lines file, which
 * may begin with an export's header line stating each partition's anchor and head.
 */
final class AuditTrail {
  /** The first line of an export file holds this field. */
  static final String HEADER_FIELD = "vigilAuditExport";

  static final ObjectMapper JSON = new ObjectMapper();

  private AuditTrail() {}

  /** One record of the topic. */
  interface RecordSink {
    void accept(int partition, long offset, long timestamp, byte[] value) throws IOException;
  }

  /** Reads every partition of {@code topic} from its beginning to its end as of now. */
  static void readTopic(Properties props, String topic, RecordSink sink) throws IOException {
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalArgumentException("topic " + topic + " does not exist; check --topic");
      }
      List<TopicPartition> partitions =
          infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.offset() < end.get(new TopicPartition(topic, r.partition()))) {
            sink.accept(r.partition(), r.offset(), r.timestamp(), r.value());
          }
        }
      }
    }
  }

  /** Decodes a topic record into the verifier; an unreadable one is reported as such. */
  static RiskDecision decode(AuditVerifier v, int partition, long offset, byte[] value) {
    try {
      RiskDecision d = RiskDecision.getDecoder().decode(value);
      v.accept(partition, offset, d);
      return d;
    } catch (Exception e) {
      v.acceptUnreadable(partition, offset, String.valueOf(e.getMessage()));
      return null;
    }
  }

  /**
   * Verifies a JSON-lines file (vigil consume's output or an export); an export's header sets the
   * anchors and heads the records must meet.
   *
   * @return the export's header, or null for a plain file
   */
  static JsonNode verifyFile(Path file, AuditVerifier v) throws IOException {
    JsonNode header = null;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      long n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        if (n == 1 && line.contains("\"" + HEADER_FIELD + "\"")) {
          header = JSON.readTree(line);
          anchors(header, v);
          continue;
        }
        try {
          v.accept(-1, n, PlainJson.fromJson(line, RiskDecision.class));
        } catch (IllegalArgumentException e) {
          v.acceptUnreadable(-1, n, e.getMessage());
        }
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("file " + file + " does not exist; check --input");
    }
    return header;
  }

  private static void anchors(JsonNode header, AuditVerifier v) {
    for (JsonNode p : header.path("partitions")) {
      int partition = p.path("partition").asInt();
      v.expectStart(
          partition, p.path("previousSequence").asLong(), p.path("previousHash").asText());
      v.expectEnd(partition, p.path("lastSequence").asLong(), p.path("lastHash").asText());
    }
  }

  /** The verification result as JSON, for an export's header. */
  static ObjectNode resultJson(AuditVerifier.Result r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("intact", r.intact());
    o.put("recordsChecked", r.records());
    o.put("recordsWithoutChain", r.unchained());
    ArrayNode heads = o.putArray("heads");
    for (AuditVerifier.Head h : r.heads()) {
      heads
          .addObject()
          .put("partition", h.partition())
          .put("firstSequence", h.firstSequence())
          .put("lastSequence", h.lastSequence())
          .put("lastHash", h.lastHash());
    }
    if (r.intact()) {
      o.putNull("firstBreak");
    } else {
      o.put("firstBreak", r.breaks().get(0).describe("offset"));
    }
    return o;
  }
}
