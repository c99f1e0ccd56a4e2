package dev.vigil.job.risk;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads {@code vigil.models} records; validation happens downstream, never here. */
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
    out.collect(u);
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
