package dev.vigil.job.ingest;

import dev.vigil.ingest.AccessLogParser;
import dev.vigil.ingest.AvroAccessEventDecoder;
import dev.vigil.ingest.IngestResult;
import dev.vigil.schema.DeadLetterReason;
import java.util.Locale;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Validates each Kafka record inside the source, so that the source can assign watermarks per
 * partition from the events' own time. Never throws on input: every record becomes exactly one
 * {@link Ingested}, an event or a dead letter.
 *
 * <p>Ingestion time is the Kafka record's timestamp (producer or log-append time), not the wall
 * clock, so a replay of old data judges event time as it was judged live; but never later than the
 * wall clock: a producer may stamp its records with any time (CreateTime), and a record stamped in
 * year 9999 must not vouch for an event stamped in year 9999. Events stamped outside [ingestion
 * time - {@code maxEventAgeMillis}, ingestion time + {@code maxClockSkewMillis}] are dead-lettered
 * ({@link dev.vigil.ingest.IngestLimits#timeProblem}), so they never reach the watermark generator.
 * (Kafka 4 brokers also refuse CreateTime stamps more than {@code
 * log.message.timestamp.after.max.ms}, one hour by default, ahead of their clock; older brokers,
 * LogAppendTime topics and a raised setting do not, and nothing bounds stamps in the past.)
 *
 * <p>Metrics, in the group {@code vigil_ingest} labelled with the format (json, avro): counters
 * {@code read}, {@code valid}, {@code deadLettered} and {@code reason_deadLettered} by label {@code
 * reason} (the {@link DeadLetterReason} in lower case), and for JSON the gauge {@code
 * unknownFields}. O(1) per record: counter increments and an array index.
 */
public final class IngestDeserializer implements KafkaRecordDeserializationSchema<Ingested> {
  private static final long serialVersionUID = 1L;

  private final RecordFormat format;
  private final IngestSettings settings;

  private transient AccessLogParser jsonParser;
  private transient AvroAccessEventDecoder avroDecoder;
  private transient Counter read;
  private transient Counter valid;
  private transient Counter deadLettered;
  private transient Counter[] deadLetteredByReason;

  public IngestDeserializer(RecordFormat format, IngestSettings settings) {
    this.format = format;
    this.settings = settings;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    if (format == RecordFormat.JSON) {
      jsonParser = new AccessLogParser(settings.limits());
    } else {
      avroDecoder = new AvroAccessEventDecoder(settings.limits());
    }
    var metrics = context.getMetricGroup().addGroup("vigil_ingest", format.name().toLowerCase());
    read = metrics.counter("read");
    valid = metrics.counter("valid");
    deadLettered = metrics.counter("deadLettered");
    // One counter per reason, made here, so that the per-record path only indexes an array.
    DeadLetterReason[] reasons = DeadLetterReason.values();
    deadLetteredByReason = new Counter[reasons.length];
    for (DeadLetterReason r : reasons) {
      deadLetteredByReason[r.ordinal()] =
          metrics.addGroup("reason", r.name().toLowerCase(Locale.ROOT)).counter("deadLettered");
    }
    if (jsonParser != null) {
      metrics.gauge("unknownFields", jsonParser::unknownFieldCount);
    }
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested> out) {
    byte[] value = record.value();
    long now = System.currentTimeMillis();
    long ingestedAt = record.timestamp() >= 0 ? Math.min(record.timestamp(), now) : now;
    IngestResult result =
        format == RecordFormat.JSON
            ? jsonParser.parse(value, ingestedAt)
            : avroDecoder.decode(value, ingestedAt);
    read.inc();
    if (result.isAccepted()) {
      valid.inc();
    } else {
      deadLettered.inc();
      deadLetteredByReason[result.reason().ordinal()].inc();
    }
    out.collect(
        Ingested.of(result, value, record.topic(), record.partition(), record.offset(), now));
  }

  @Override
  public TypeInformation<Ingested> getProducedType() {
    return TypeInformation.of(Ingested.class);
  }
}
