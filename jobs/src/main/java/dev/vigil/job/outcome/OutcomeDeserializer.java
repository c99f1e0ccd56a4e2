package dev.vigil.job.outcome;

import dev.vigil.ingest.AvroOutcomeDecoder;
import dev.vigil.job.ingest.IngestSettings;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes and verifies each record of the outcomes topic inside the source ({@link
 * AvroOutcomeDecoder}); never throws on input: every record becomes one {@link OutcomeRecord}, an
 * outcome or a dead letter. The gateways' key ring is read in {@link #open} on the task manager, so
 * it never enters the job graph. Metrics (group {@code vigil_outcomes}): {@code read}, {@code
 * valid}, {@code deadLettered}.
 */
public final class OutcomeDeserializer implements KafkaRecordDeserializationSchema<OutcomeRecord> {
  private static final long serialVersionUID = 1L;

  private final OutcomeSettings settings;
  private final IngestSettings ingest;

  private transient AvroOutcomeDecoder decoder;
  private transient Counter read;
  private transient Counter valid;
  private transient Counter deadLettered;

  /**
   * @param ingest the ingest stage's limits (record size, clock skew, event age) apply
   */
  public OutcomeDeserializer(OutcomeSettings settings, IngestSettings ingest) {
    this.settings = settings;
    this.ingest = ingest;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    decoder = new AvroOutcomeDecoder(ingest.limits(), settings.keyRing());
    var metrics = context.getMetricGroup().addGroup("vigil_outcomes");
    read = metrics.counter("read");
    valid = metrics.counter("valid");
    deadLettered = metrics.counter("deadLettered");
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<OutcomeRecord> out) {
    long now = System.currentTimeMillis();
    long ingestedAt = record.timestamp() >= 0 ? Math.min(record.timestamp(), now) : now;
    byte[] value = record.value() == null ? new byte[0] : record.value();
    AvroOutcomeDecoder.Decoded d = decoder.decode(value, ingestedAt);
    read.inc();
    if (d.accepted()) {
      valid.inc();
      out.collect(OutcomeRecord.accepted(d.outcome()));
    } else {
      deadLettered.inc();
      out.collect(
          OutcomeRecord.refused(
              d, value, record.topic(), record.partition(), record.offset(), now));
    }
  }

  @Override
  public TypeInformation<OutcomeRecord> getProducedType() {
    return TypeInformation.of(OutcomeRecord.class);
  }
}
