package dev.vigil.job.risk;

import dev.vigil.signing.ModelSignature;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads {@code vigil.models} records with their signature headers; verification and validation
 * happen downstream, never here.
 */
public final class ModelUpdateDeserializer
    implements KafkaRecordDeserializationSchema<ModelUpdate> {
  private static final long serialVersionUID = 1L;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ModelUpdate> out) {
    ModelUpdate u = new ModelUpdate();
    u.rawKey = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    u.slot = slotOf(u.rawKey);
    u.json = record.value();
    u.sourceTopic = record.topic();
    u.sourcePartition = record.partition();
    u.sourceOffset = record.offset();
    u.signature = header(record, ModelSignature.SIGNATURE_HEADER);
    u.keyId = header(record, ModelSignature.KEY_ID_HEADER);
    u.signedAt = header(record, ModelSignature.SIGNED_AT_HEADER);
    out.collect(u);
  }

  /** The last header of that name as text, or null (the last wins, as Kafka's lastHeader). */
  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  static ModelSlot slotOf(String key) {
    for (ModelSlot s : ModelSlot.values()) {
      if (s.key().equals(key.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    return null;
  }

  @Override
  public TypeInformation<ModelUpdate> getProducedType() {
    return TypeInformation.of(ModelUpdate.class);
  }
}
