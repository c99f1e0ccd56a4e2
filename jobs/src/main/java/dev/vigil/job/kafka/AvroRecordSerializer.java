package dev.vigil.job.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes Avro records to a Kafka topic in Avro single-object encoding (a header with the writer
 * schema's fingerprint, then the binary body), so consumers can tell the writer schema without a
 * registry.
 *
 * @param <T> the generated Avro class
 */
public final class AvroRecordSerializer<T extends SpecificRecord>
    implements KafkaRecordSerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final Class<T> type;
  private final SerializableFunction<T, String> key;
  private final SerializableFunction<T, Integer> partition;
  private transient BinaryMessageEncoder<T> encoder;

  /**
   * @param topic destination topic
   * @param type the generated Avro class
   * @param key the record key (drives partitioning), or a function returning null for none
   */
  public AvroRecordSerializer(String topic, Class<T> type, SerializableFunction<T, String> key) {
    this(topic, type, key, t -> null);
  }

  /**
   * @param partition the partition to write to, or a function returning null to let the producer
   *     choose by key (the audit chain names its partition)
   */
  public AvroRecordSerializer(
      String topic,
      Class<T> type,
      SerializableFunction<T, String> key,
      SerializableFunction<T, Integer> partition) {
    this.topic = topic;
    this.type = type;
    this.key = key;
    this.partition = partition;
  }

  @Override
  public void open(
      SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    encoder = new BinaryMessageEncoder<>(SpecificData.get(), SpecificData.get().getSchema(type));
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    try {
      ByteBuffer body = encoder.encode(element);
      byte[] value = new byte[body.remaining()];
      body.get(value);
      String k = key.apply(element);
      // No record timestamp: the producer stamps the write time. The element's timestamp is its
      // event's time, which for a replay or a backlog lies days in the past, and the broker's
      // time-based retention then deleted whole segments of commands and audit records minutes
      // after they were written (seen in the integration tests: replayed month-old traffic, and
      // every command gone at the broker's next retention check). The event time is in the record.
      return new ProducerRecord<>(
          topic,
          partition.apply(element),
          null,
          k == null ? null : k.getBytes(StandardCharsets.UTF_8),
          value);
    } catch (java.io.IOException e) {
      // Encoding a record that passed validation cannot fail short of a bug; let Flink restart.
      throw new IllegalStateException("cannot encode " + type.getSimpleName(), e);
    }
  }
}
