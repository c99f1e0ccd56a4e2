package dev.vigil.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * The Kafka path's event-time bounds and dead-letter size, on real {@link ConsumerRecord}s: the
 * record's timestamp anchors the bounds (a replay is judged as it was live), but never later than
 * the wall clock, so a producer that stamps its records in year 9999 cannot vouch for events
 * stamped there.
 */
class IngestDeserializerTest {
  private final IngestDeserializer json = open(RecordFormat.JSON);

  @Test
  void anEventStampedInYear9999IsRefusedEvenWhenItsRecordIsStampedThereToo() {
    long year9999 = Instant.parse("9999-12-31T00:00:00Z").toEpochMilli();
    Ingested out = deserialize(line("9999-12-31T00:00:00Z"), year9999);
    assertThat(out.isEvent()).isFalse();
    assertThat(out.deadLetter.getReason()).isEqualTo(DeadLetterReason.CLOCK_SKEW);
  }

  @Test
  void anEventStampedIn1970IsRefusedAsTooOld() {
    Ingested out = deserialize(line("1970-01-01T00:00:01Z"), System.currentTimeMillis());
    assertThat(out.deadLetter.getReason()).isEqualTo(DeadLetterReason.EVENT_TOO_OLD);
  }

  @Test
  void aReplayOfOldRecordsIsJudgedByTheRecordTime() {
    long recordTime = Instant.parse("2026-01-31T12:00:01Z").toEpochMilli();
    assertThat(deserialize(line("2026-01-31T12:00:00Z"), recordTime).isEvent()).isTrue();
    assertThat(deserialize(line("2026-01-31T12:10:00Z"), recordTime).deadLetter.getReason())
        .isEqualTo(DeadLetterReason.CLOCK_SKEW);
  }

  @Test
  void aDeadLetterOfAThreeMebibyteRecordKeepsItsFirst64KibWithLengthAndHash() {
    byte[] value = new byte[3 << 20];
    Arrays.fill(value, (byte) 'a');
    value[0] = '{';
    DeadLetter d = deserialize(value, System.currentTimeMillis()).deadLetter;
    assertThat(d.getReason()).isEqualTo(DeadLetterReason.OVERSIZED);
    assertThat(d.getRaw().remaining()).isEqualTo(DeadLetterRaw.MAX_RAW_BYTES);
    assertThat(d.getRawLength()).isEqualTo(value.length);
    byte[] hash = new byte[32];
    d.getRawSha256().duplicate().get(hash);
    assertThat(hash).isEqualTo(DeadLetterRaw.sha256(value, value.length));
    assertThat(d.getMessage()).contains(String.valueOf(value.length));
  }

  @Test
  void aSmallDeadLetterIsKeptWholeWithItsLengthAndHash() {
    byte[] value = "{\"@timestamp\":1}".getBytes(StandardCharsets.UTF_8);
    DeadLetter d = deserialize(value, System.currentTimeMillis()).deadLetter;
    assertThat(d.getRaw().remaining()).isEqualTo(value.length);
    assertThat(d.getRawLength()).isEqualTo(value.length);
    assertThat(d.getRawSha256().remaining()).isEqualTo(32);
  }

  private Ingested deserialize(byte[] value, long recordTime) {
    List<Ingested> out = new ArrayList<>();
    json.deserialize(
        new ConsumerRecord<>(
            "vigil.access-logs",
            0,
            7L,
            recordTime,
            TimestampType.CREATE_TIME,
            -1,
            value.length,
            (byte[]) null,
            value,
            new RecordHeaders(),
            Optional.empty()),
        collector(out));
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  static byte[] line(String timestamp) {
    return ("{\"@timestamp\":\""
            + timestamp
            + "\",\"session.id\":\"s1\",\"user.id\":\"a1\",\"source.ip\":\"192.0.2.1\","
            + "\"http.request.method\":\"GET\",\"url.path\":\"/\","
            + "\"http.response.status_code\":200}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static IngestDeserializer open(RecordFormat format) {
    IngestDeserializer d = new IngestDeserializer(format, IngestSettings.defaults());
    d.open(
        new DeserializationSchema.InitializationContext() {
          @Override
          public MetricGroup getMetricGroup() {
            return new UnregisteredMetricsGroup();
          }

          @Override
          public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(IngestDeserializerTest.class.getClassLoader());
          }
        });
    return d;
  }

  static Collector<Ingested> collector(List<Ingested> out) {
    return new Collector<>() {
      @Override
      public void collect(Ingested record) {
        out.add(record);
      }

      @Override
      public void close() {}
    };
  }
}
