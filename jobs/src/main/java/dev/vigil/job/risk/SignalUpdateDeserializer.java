package dev.vigil.job.risk;

import dev.vigil.core.exchange.SignalSubjects;
import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.SignalKind;
import java.util.Arrays;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads {@code vigil.signals} records (Avro single-object encoding, as the project's sinks write
 * them) into the model broadcast's {@link ModelUpdate#signal}. A record that is no evidence is
 * dropped here, on one subtask, rather than broadcast to all: an {@code ENDPOINT_VOLUME} or {@code
 * OTHER} kind (a {@code FLOOD_SOURCE} is kept, under its own keys, {@code
 * SignalSubjects.floodKeys}, for the rate-limit policy: it is no evidence), an {@code ENDPOINT} or
 * {@code OTHER} subject, a subject not in its canonical form, and a record that does not decode:
 * each is counted in the source's metric {@code signalsDropped} (no dead letter: the SOC reads the
 * topic as it is, and an undecodable record is the exchange job's to explain).
 */
public final class SignalUpdateDeserializer
    implements KafkaRecordDeserializationSchema<ModelUpdate> {
  private static final long serialVersionUID = 1L;

  private transient BinaryMessageDecoder<ExchangeSignal> decoder;
  private transient long[] keys;
  private transient long dropped;
  private transient Counter droppedMetric;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    droppedMetric = context.getMetricGroup().counter("signalsDropped");
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ModelUpdate> out) {
    if (decoder == null) {
      decoder = ExchangeSignal.getDecoder();
      keys = new long[SignalSubjects.MAX_KEYS];
    }
    ExchangeSignal s;
    try {
      s = record.value() == null ? null : decoder.decode(record.value());
    } catch (java.io.IOException | RuntimeException e) {
      s = null;
    }
    SignalUpdate u = s == null ? null : of(s, keys);
    if (u == null) {
      dropped++;
      if (droppedMetric != null) {
        droppedMetric.inc();
      }
      return;
    }
    ModelUpdate m = new ModelUpdate();
    m.signal = u;
    m.sourceTopic = record.topic();
    m.sourcePartition = record.partition();
    m.sourceOffset = record.offset();
    m.rawKey = "";
    out.collect(m);
  }

  /** The update of a signal that is evidence, or null. */
  static SignalUpdate of(ExchangeSignal s, long[] scratch) {
    SignalKind kind = s.getKind();
    boolean flood = kind == SignalKind.FLOOD_SOURCE;
    if (kind != SignalKind.LOGIN_WAVE
        && kind != SignalKind.SHARED_WITHDRAWAL_ADDRESS
        && kind != SignalKind.SHARED_CREDENTIAL
        && !flood) {
      return null;
    }
    int n =
        flood
            ? SignalSubjects.floodKeys(s.getSubjectType(), s.getSubject(), scratch)
            : SignalSubjects.keys(s.getSubjectType(), s.getSubject(), scratch);
    if (n == 0) {
      return null;
    }
    SignalUpdate u = new SignalUpdate();
    u.keys = Arrays.copyOf(scratch, n);
    u.kind = kind.ordinal();
    u.subjectType = s.getSubjectType().ordinal();
    double score = s.getScore();
    u.score = (float) (Double.isFinite(score) ? Math.max(0, Math.min(1, score)) : 0);
    // A flood source's table entry holds its requests in the minute (the throttle's reason).
    long requests = Math.max(0, s.getFailures()) + Math.max(0, s.getSuccesses());
    u.accounts = flood ? (int) Math.min(Integer.MAX_VALUE, requests) : Math.max(0, s.getAccounts());
    u.windowEnd = s.getWindowEnd();
    u.expiresAt = s.getExpiresAt();
    return u;
  }

  /** Records this reader dropped as no evidence or undecodable. */
  long dropped() {
    return dropped;
  }

  @Override
  public TypeInformation<ModelUpdate> getProducedType() {
    return TypeInformation.of(ModelUpdate.class);
  }
}
