package dev.vigil.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

class LabelSchemaTest {
  @Test
  void aLabelRoundTripsThroughSingleObjectEncodingAndPlainJson() throws Exception {
    Label label =
        Label.newBuilder()
            .setSessionId("s-42")
            .setVerdict(Verdict.COMPROMISED)
            .setAnalyst("ana")
            .setLabelledAt(1_764_400_000_000L)
            .setNote("withdrawal to a fresh address from a hosting network")
            .build();

    ByteBuffer bytes = label.toByteBuffer();

    assertThat(Label.fromByteBuffer(bytes)).isEqualTo(label);
    assertThat(PlainJson.fromJson(PlainJson.toJson(label), Label.class)).isEqualTo(label);
    assertThat(label.getDecisionId()).isNull();
    assertThat(label.getScenario()).isNull();
  }

  @Test
  void aVerdictAddedLaterIsReadAsOther() throws Exception {
    // A later writer with one more verdict symbol; today's reader must fall back to OTHER.
    String later =
        Label.getClassSchema()
            .toString()
            .replace("\"ABUSE\",\"OTHER\"", "\"ABUSE\",\"OTHER\",\"FRAUD_RING\"");
    Schema writer = new Schema.Parser().parse(later);
    GenericRecord r = new GenericData.Record(writer);
    r.put("sessionId", "s-1");
    r.put("decisionId", null);
    r.put("verdict", new GenericData.EnumSymbol(writer.getField("verdict").schema(), "FRAUD_RING"));
    r.put("analyst", "ana");
    r.put("labelledAt", 1L);
    r.put("note", null);
    r.put("scenario", null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(writer).write(r, enc);
    enc.flush();

    Label read =
        new SpecificDatumReader<Label>(writer, Label.getClassSchema())
            .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

    assertThat(read.getVerdict()).isEqualTo(Verdict.OTHER);
  }
}
