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
 * Schema version 3 of {@link DeadLetter} on real bytes: a reader still on version 2 sees the
 * signed-model reasons as OTHER.
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
}
