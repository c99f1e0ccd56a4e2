package dev.vigil.ingest;

import static dev.vigil.ingest.AccessLogs.INGESTED_AT;
import static dev.vigil.ingest.AccessLogs.TIMESTAMP_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import dev.vigil.schema.DeadLetterReason;
import dev.vigil.schema.NetworkType;
import dev.vigil.schema.OrderSide;
import dev.vigil.schema.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class AvroAccessEventDecoderTest {

  private final AvroAccessEventDecoder decoder =
      new AvroAccessEventDecoder(IngestLimits.defaults());

  @Test
  void acceptsARoundTripOfEveryField() throws IOException {
    AccessEvent original = fullEvent();

    IngestResult result = decoder.decode(encode(original), INGESTED_AT);

    assertThat(result.isAccepted()).as("%s", result).isTrue();
    assertThat(result.event()).isEqualTo(original);
  }

  @Test
  void appliesTheSameNormalisationAsJson() throws IOException {
    AccessEvent e = minimalEvent();
    e.setSourceIp("2001:DB8:0:0:0:0:0:1");
    e.setMethod("get");
    e.setCountry("fr");

    AccessEvent decoded = decoder.decode(encode(e), INGESTED_AT).event();

    assertThat(decoded.getSourceIp()).isEqualTo("2001:db8::1");
    assertThat(decoded.getMethod()).isEqualTo("GET");
    assertThat(decoded.getCountry()).isEqualTo("FR");
  }

  @Test
  void acceptsOtherEnumSymbolsForForwardCompatibility() throws IOException {
    AccessEvent e = minimalEvent();
    e.setAuthMethod(AuthMethod.OTHER);
    e.setSide(OrderSide.OTHER);

    assertThat(decoder.decode(encode(e), INGESTED_AT).isAccepted()).isTrue();
  }

  @Test
  void rejectsRecordsThatBreakTheSharedRules() throws IOException {
    AccessEvent badStatus = minimalEvent();
    badStatus.setStatus(700);
    AccessEvent badIp = minimalEvent();
    badIp.setSourceIp("fe80::1%eth0");
    AccessEvent control = minimalEvent();
    control.setSessionId("s\u001b1");
    AccessEvent future = minimalEvent();
    future.setTimestamp(INGESTED_AT + 600_000);

    assertRejected(encode(badStatus), DeadLetterReason.BAD_STATUS, "http.response.status_code");
    assertRejected(encode(badIp), DeadLetterReason.BAD_IP, "source.ip");
    assertRejected(encode(control), DeadLetterReason.CONTROL_CHARACTER, "session.id");
    assertRejected(encode(future), DeadLetterReason.CLOCK_SKEW, "@timestamp");
  }

  @Test
  void rejectsUnknownFingerprints() throws IOException {
    byte[] record = encode(minimalEvent());
    record[5] ^= 0x40;

    assertRejected(record, DeadLetterReason.UNKNOWN_FINGERPRINT, null);
  }

  @Test
  void rejectsEveryTruncationOfTheBody() throws IOException {
    byte[] record = encode(fullEvent());

    for (int length = 10; length < record.length; length++) {
      assertRejected(Arrays.copyOf(record, length), DeadLetterReason.TRUNCATED_AVRO, null);
    }
  }

  @Test
  void rejectsTrailingBytes() throws IOException {
    byte[] record = encode(minimalEvent());

    assertRejected(Arrays.copyOf(record, record.length + 1), DeadLetterReason.CORRUPT_AVRO, null);
  }

  @Test
  void rejectsMissingOrBrokenHeaders() throws IOException {
    byte[] record = encode(minimalEvent());
    byte[] bodyOnly = Arrays.copyOfRange(record, 10, record.length);
    byte[] badMagic = record.clone();
    badMagic[1] = 0x02;

    assertRejected(bodyOnly, DeadLetterReason.NOT_SINGLE_OBJECT_AVRO, null);
    assertRejected(badMagic, DeadLetterReason.NOT_SINGLE_OBJECT_AVRO, null);
    assertRejected(Arrays.copyOf(record, 9), DeadLetterReason.NOT_SINGLE_OBJECT_AVRO, null);
    assertRejected(new byte[0], DeadLetterReason.EMPTY_RECORD, null);
    assertRejected(null, DeadLetterReason.EMPTY_RECORD, null);
  }

  @Test
  void rejectsOversizedRecordsBeforeDecoding() {
    byte[] big = new byte[64 * 1024 + 1];
    big[0] = (byte) 0xC3;
    big[1] = 0x01;

    assertRejected(big, DeadLetterReason.OVERSIZED, null);
  }

  @Test
  void refusesHugeLengthPrefixesWithoutAllocating() throws IOException {
    // eventId claims 2^30 bytes; a decoder that trusts the prefix would allocate 1 GiB.
    assertRejected(body(out -> out.writeLong(1L << 30)), DeadLetterReason.TRUNCATED_AVRO, null);
    assertRejected(body(out -> out.writeLong(-5)), DeadLetterReason.CORRUPT_AVRO, null);
  }

  @Test
  void rejectsBadUnionIndexes() throws IOException {
    byte[] record =
        body(
            out -> {
              out.writeString("id");
              out.writeLong(TIMESTAMP_MILLIS);
              out.writeLong(INGESTED_AT);
              out.writeString("s");
              out.writeString("a");
              out.writeString("1.2.3.4");
              out.writeString("GET");
              out.writeString("/");
              out.writeInt(200);
              out.writeIndex(7); // outcome is ["null", Outcome]
            });

    assertRejected(record, DeadLetterReason.CORRUPT_AVRO, null);
  }

  @Test
  void readsOlderWriterSchemasGivenToIt() throws IOException {
    Schema current = AccessEvent.getClassSchema();
    List<Schema.Field> withoutAddress =
        current.getFields().stream()
            .filter(f -> !f.name().equals("withdrawalAddress"))
            .map(f -> new Schema.Field(f, f.schema()))
            .collect(Collectors.toList());
    Schema older =
        Schema.createRecord(current.getName(), null, current.getNamespace(), false, withoutAddress);
    GenericRecord r = new GenericData.Record(older);
    AccessEvent template = minimalEvent();
    for (Schema.Field f : older.getFields()) {
      r.put(f.name(), template.get(f.name()));
    }
    byte[] record = singleObject(older, r);

    assertRejected(record, DeadLetterReason.UNKNOWN_FINGERPRINT, null);
    IngestResult result =
        new AvroAccessEventDecoder(IngestLimits.defaults(), List.of(older))
            .decode(record, INGESTED_AT);
    assertThat(result.isAccepted()).as("%s", result).isTrue();
    assertThat(result.event().getSessionId()).isEqualTo("sess-1");
    assertThat(result.event().getWithdrawalAddress()).isNull();
  }

  @Test
  void readsEventsWrittenWithTheReleasedV1SchemaByDefault() throws IOException {
    Schema v1 = AvroAccessEventDecoder.releasedWriterSchemas().get(0);
    assertThat(v1.getField("geoAccuracyKm")).isNull();
    GenericRecord r = new GenericData.Record(v1);
    AccessEvent template = minimalEvent();
    for (Schema.Field f : v1.getFields()) {
      r.put(f.name(), template.get(f.name()));
    }

    IngestResult result = decoder.decode(singleObject(v1, r), INGESTED_AT);

    assertThat(result.isAccepted()).as("%s", result).isTrue();
    assertThat(result.event().getGeoAccuracyKm()).isNull();
    assertThat(result.event().getNetworkType()).isNull();
  }

  @Test
  void rejectsAnAccuracyRadiusThatIsNotAPositiveFiniteNumberOfKm() throws IOException {
    for (double radius : new double[] {-1, 0, Double.NaN, Double.POSITIVE_INFINITY, 1e6}) {
      AccessEvent e = minimalEvent();
      e.setGeoAccuracyKm(radius);
      assertRejected(encode(e), DeadLetterReason.BAD_VALUE, "source.geo.accuracy_radius_km");
    }
    AccessEvent ok = minimalEvent();
    ok.setGeoAccuracyKm(1000.0);
    ok.setNetworkType(NetworkType.OTHER);
    assertThat(decoder.decode(encode(ok), INGESTED_AT).isAccepted()).isTrue();
  }

  @Test
  void refusesWriterSchemasItCannotResolve() {
    Schema unrelated =
        SchemaBuilder.record("AccessEvent")
            .namespace("dev.vigil.schema")
            .fields()
            .requiredInt("x")
            .endRecord();

    assertThatThrownBy(
            () -> new AvroAccessEventDecoder(IngestLimits.defaults(), List.of(unrelated)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 2000)
  void neverThrowsOnArbitraryBytes(@ForAll byte[] value) {
    assertThat(decoder.decode(value, INGESTED_AT)).isNotNull();
  }

  @Property(tries = 2000)
  void neverThrowsOnArbitraryBodiesBehindAValidHeader(@ForAll byte[] body) throws IOException {
    byte[] header = Arrays.copyOf(encode(minimalEvent()), 10);
    byte[] record = Arrays.copyOf(header, 10 + body.length);
    System.arraycopy(body, 0, record, 10, body.length);

    IngestResult result = decoder.decode(record, INGESTED_AT);

    assertThat(result).isNotNull();
    if (!result.isAccepted()) {
      assertThat(result.reason()).isNotNull();
    }
  }

  private void assertRejected(byte[] record, DeadLetterReason reason, String field) {
    IngestResult result = decoder.decode(record, INGESTED_AT);
    assertThat(result.isAccepted()).as("%s", result).isFalse();
    assertThat(result.reason()).as("%s", result).isEqualTo(reason);
    assertThat(result.field()).isEqualTo(field);
  }

  static AccessEvent minimalEvent() {
    return AccessEvent.newBuilder()
        .setEventId("req-1")
        .setTimestamp(TIMESTAMP_MILLIS)
        .setIngestedAt(INGESTED_AT)
        .setSessionId("sess-1")
        .setAccountId("acct-1")
        .setSourceIp("203.0.113.7")
        .setMethod("POST")
        .setPath("/api/v3/order")
        .setStatus(200)
        .build();
  }

  static AccessEvent fullEvent() {
    AccessEvent e = minimalEvent();
    e.setOutcome(Outcome.SUCCESS);
    e.setDurationNanos(1_500_000L);
    e.setUserAgent("ccxt/4.2");
    e.setAsNumber(64_500L);
    e.setAsOrganization("Example Transit");
    e.setCountry("DE");
    e.setLatitude(52.52);
    e.setLongitude(13.405);
    e.setApiKeyId("key-3");
    e.setAuthMethod(AuthMethod.JWT);
    e.setMfa(false);
    e.setNonce("17");
    e.setClientTimestamp(TIMESTAMP_MILLIS - 50);
    e.setInstrument("ETH-USD");
    e.setSide(OrderSide.BUY);
    e.setNotionalUsd(99.5);
    e.setWithdrawalAddress("0xabc");
    e.setGeoAccuracyKm(20.0);
    e.setNetworkType(NetworkType.RESIDENTIAL);
    return e;
  }

  private static byte[] encode(AccessEvent e) throws IOException {
    ByteBuffer b = e.toByteBuffer();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  interface BodyWriter {
    void write(BinaryEncoder out) throws IOException;
  }

  /** A single-object record with the current fingerprint and a hand-written body. */
  private static byte[] body(BodyWriter writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(header(AccessEvent.getClassSchema()));
    BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
    writer.write(out);
    out.flush();
    return bytes.toByteArray();
  }

  private static byte[] singleObject(Schema schema, GenericRecord r) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(header(schema));
    BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
    new GenericDatumWriter<GenericRecord>(schema).write(r, out);
    out.flush();
    return bytes.toByteArray();
  }

  private static byte[] header(Schema schema) {
    long fp = SchemaNormalization.parsingFingerprint64(schema);
    byte[] h = new byte[10];
    h[0] = (byte) 0xC3;
    h[1] = 0x01;
    for (int i = 0; i < 8; i++) {
      h[2 + i] = (byte) (fp >>> (8 * i));
    }
    return h;
  }
}
