package dev.vigil.job.kafka;

import dev.vigil.job.ingest.IngestDeserializer;
import dev.vigil.job.ingest.IngestSettings;
import dev.vigil.job.ingest.Ingested;
import dev.vigil.job.ingest.RecordFormat;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Builds Vigil's Kafka sources and sinks from client properties (TLS/SASL included). */
public final class KafkaConnections {
  private KafkaConnections() {}

  /**
   * An ingest source of one topic.
   *
   * @param bounded read up to the offsets that are latest at start, then finish (backfills, tests)
   */
  public static KafkaSource<Ingested> ingestSource(
      Properties client,
      String topic,
      RecordFormat format,
      String groupId,
      IngestSettings settings,
      boolean bounded) {
    var builder =
        KafkaSource.<Ingested>builder()
            .setProperties(client)
            .setTopics(topic)
            .setGroupId(groupId)
            .setClientIdPrefix(groupId + "-" + format.name().toLowerCase())
            // Resume where the group left off; a new group starts from the beginning so that no
            // record is skipped.
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new IngestDeserializer(format, settings))
            // Only committed records of transactional producers.
            .setProperty("isolation.level", "read_committed")
            .setProperty("partition.discovery.interval.ms", "60000");
    if (bounded) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  /** A sink of Avro records, single-object encoded, partitioned by key. */
  public static <T extends SpecificRecord> KafkaSink<T> avroSink(
      Properties client,
      String topic,
      Class<T> type,
      SerializableFunction<T, String> key,
      DeliveryGuarantee guarantee,
      String transactionalIdPrefix) {
    return avroSink(client, topic, type, key, t -> null, guarantee, transactionalIdPrefix);
  }

  /**
   * A sink of Avro records, single-object encoded.
   *
   * @param partition each record's partition, or null for the producer's choice by key
   */
  public static <T extends SpecificRecord> KafkaSink<T> avroSink(
      Properties client,
      String topic,
      Class<T> type,
      SerializableFunction<T, String> key,
      SerializableFunction<T, Integer> partition,
      DeliveryGuarantee guarantee,
      String transactionalIdPrefix) {
    var builder =
        KafkaSink.<T>builder()
            .setKafkaProducerConfig(client)
            .setRecordSerializer(new AvroRecordSerializer<>(topic, type, key, partition))
            .setDeliveryGuarantee(guarantee)
            .setProperty("max.request.size", String.valueOf(8 << 20))
            .setProperty("compression.type", "lz4")
            .setProperty("linger.ms", "5");
    if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
      builder.setTransactionalIdPrefix(transactionalIdPrefix);
    }
    return builder.build();
  }
}
