package dev.vigil.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * Schema versions 3 and 4 of {@link DeadLetter} on real bytes: a reader still on version 2 sees the
 * signed-model reasons as OTHER; one on version 3 sees EVENT_TOO_OLD as OTHER and skips the raw
 * length and hash, and a version 4 reader of version 3 bytes gets them as null.
 */
class DeadLetterEvolutionTest {
  @Test
  void aVersion2ReaderSeesTheSignedModelReasonsAsOther() throws Exception {
    Path dir =
        Path.of(
            DeadLetterEvolutionTest.class
                .getClassLoader()
                .getResource("schema-history/v2")
                .toURI());
    Schema v2 = SchemaEvolution.parseVersion(dir).get(DeadLetter.getClassSchema().getFullName());
    for (DeadLetterReason reason :
        new DeadLetterReason[] {
          DeadLetterReason.MODEL_UNSIGNED,
          DeadLetterReason.MODEL_BAD_SIGNATURE,
          DeadLetterReason.MODEL_UNTRUSTED_KEY,
          DeadLetterReason.MODEL_STALE
        }) {
      DeadLetter d =
          DeadLetter.newBuilder()
              .setRaw(ByteBuffer.wrap(new byte[] {'{', '}'}))
              .setSourceTopic("vigil.models")
              .setSourcePartition(0)
              .setSourceOffset(7L)
              .setReason(reason)
              .setField(null)
              .setMessage("refused")
              .setTime(1L)
              .build();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
      new SpecificDatumWriter<DeadLetter>(DeadLetter.class).write(d, enc);
      enc.flush();

      GenericRecord old =
          new GenericDatumReader<GenericRecord>(DeadLetter.getClassSchema(), v2)
              .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

      assertThat(old.get("reason")).hasToString("OTHER");
      assertThat(old.get("message")).hasToString("refused");
    }
  }

  @Test
  void aVersion3ReaderSeesEventTooOldAsOtherAndVersion4ReadsVersion3Bytes() throws Exception {
    Schema v3 = historic("v3");
    DeadLetter d =
        DeadLetter.newBuilder()
            .setRaw(ByteBuffer.wrap(new byte[] {'{'}))
            .setSourceTopic(null)
            .setSourcePartition(null)
            .setSourceOffset(3L)
            .setReason(DeadLetterReason.EVENT_TOO_OLD)
            .setField("@timestamp")
            .setMessage("too old")
            .setTime(1L)
            .setRawLength(70_000L)
            .setRawSha256(ByteBuffer.wrap(new byte[32]))
            .build();
    byte[] bytes = encode(new SpecificDatumWriter<>(DeadLetter.class), d);

    GenericRecord old =
        new GenericDatumReader<GenericRecord>(DeadLetter.getClassSchema(), v3)
            .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    assertThat(old.get("reason")).hasToString("OTHER");
    assertThat(old.get("message")).hasToString("too old");

    GenericRecord written = new org.apache.avro.generic.GenericData.Record(v3);
    written.put("raw", ByteBuffer.wrap(new byte[] {'x'}));
    written.put(
        "reason",
        new org.apache.avro.generic.GenericData.EnumSymbol(
            v3.getField("reason").schema(), "CLOCK_SKEW"));
    written.put("message", "ahead");
    written.put("time", 2L);
    byte[] v3Bytes = encode(new org.apache.avro.generic.GenericDatumWriter<>(v3), written);
    DeadLetter current =
        new org.apache.avro.specific.SpecificDatumReader<DeadLetter>(
                v3, DeadLetter.getClassSchema())
            .read(null, DecoderFactory.get().binaryDecoder(v3Bytes, null));
    assertThat(current.getReason()).isEqualTo(DeadLetterReason.CLOCK_SKEW);
    assertThat(current.getRawLength()).isNull();
    assertThat(current.getRawSha256()).isNull();
  }

  private static Schema historic(String version) throws Exception {
    Path dir =
        Path.of(
            DeadLetterEvolutionTest.class
                .getClassLoader()
                .getResource("schema-history/" + version)
                .toURI());
    return SchemaEvolution.parseVersion(dir).get(DeadLetter.getClassSchema().getFullName());
  }

  private static <T> byte[] encode(org.apache.avro.io.DatumWriter<T> writer, T record)
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
    writer.write(record, enc);
    enc.flush();
    return bytes.toByteArray();
  }
}
