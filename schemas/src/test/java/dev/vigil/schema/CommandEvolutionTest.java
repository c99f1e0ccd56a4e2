package dev.vigil.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * Schema version 2 of {@link SessionCommand} on real bytes, both ways: a gateway still on version 1
 * reads a HOLD_WITHDRAWALS command as OTHER (and must ignore it) and a step-up without its factor
 * list; a version 2 reader reads version 1 commands with the new parameters null.
 */
class CommandEvolutionTest {
  @Test
  void aVersion1ReaderSeesAHoldAsOtherAndAStepUpWithoutFactors() throws Exception {
    Schema v1 = v1Command();
    GenericRecord hold = readAs(v1, command(CommandAction.HOLD_WITHDRAWALS, holdParameters()));
    GenericRecord stepUp =
        readAs(
            v1,
            command(
                CommandAction.STEP_UP,
                CommandParameters.newBuilder()
                    .setAcceptedFactors(List.of("passkey", "email_link"))
                    .build()));

    assertThat(hold.get("action")).hasToString("OTHER");
    assertThat(((GenericRecord) hold.get("parameters")).getSchema().getField("holdSeconds"))
        .isNull();
    assertThat(stepUp.get("action")).hasToString("STEP_UP");
  }

  @Test
  void aVersion2ReaderReadsVersion1CommandsWithTheNewParametersNull() throws Exception {
    Schema v1 = v1Command();
    GenericRecord old = new GenericData.Record(v1);
    GenericRecord params = new GenericData.Record(v1.getField("parameters").schema());
    old.put("commandId", "c1");
    old.put("sessionId", "s1");
    old.put("accountId", "a1");
    old.put("action", new GenericData.EnumSymbol(v1.getField("action").schema(), "STEP_UP"));
    old.put("parameters", params);
    old.put("issuedAt", 1L);
    old.put("expiresAt", 2L);
    old.put("probability", 0.5);
    old.put("reasons", List.of());
    old.put("modelVersion", "m");
    old.put("triggerEventId", "e1");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<GenericRecord>(v1).write(old, enc);
    enc.flush();

    SessionCommand read =
        new SpecificDatumReader<SessionCommand>(v1, SessionCommand.getClassSchema())
            .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

    assertThat(read.getAction()).isEqualTo(CommandAction.STEP_UP);
    assertThat(read.getParameters().getAcceptedFactors()).isNull();
    assertThat(read.getParameters().getHoldScope()).isNull();
    assertThat(read.getParameters().getHoldSeconds()).isNull();
  }

  @Test
  void aVersion4ReaderSkipsTheSequenceLatenessAndStepUpTimeoutOfAVersion5Command()
      throws Exception {
    SessionCommand c =
        command(
            CommandAction.STEP_UP,
            CommandParameters.newBuilder().setStepUpTimeoutSeconds(120L).build());
    c.setEventTime(-999_000L);
    c.setLateBySeconds(1_000L);
    c.setSequence(42L);

    GenericRecord read = readAs(commandOf("v4"), c);

    assertThat(read.get("action").toString()).isEqualTo("STEP_UP");
    assertThat(read.get("expiresAt")).isEqualTo(2L);
    assertThat(read.getSchema().getField("sequence")).isNull();
    assertThat(
            ((GenericRecord) read.get("parameters")).getSchema().getField("stepUpTimeoutSeconds"))
        .isNull();
  }

  private static CommandParameters holdParameters() {
    return CommandParameters.newBuilder()
        .setHoldSeconds(86_400L)
        .setHoldScope(HoldScope.ADDRESSES_ADDED_IN_SESSION)
        .build();
  }

  private static SessionCommand command(CommandAction action, CommandParameters parameters) {
    return SessionCommand.newBuilder()
        .setCommandId("c1")
        .setSessionId("s1")
        .setAccountId("a1")
        .setAction(action)
        .setParameters(parameters)
        .setIssuedAt(1L)
        .setExpiresAt(2L)
        .setProbability(0.5)
        .setReasons(List.of())
        .setModelVersion("m")
        .setTriggerEventId("e1")
        .build();
  }

  private static GenericRecord readAs(Schema reader, SessionCommand c) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<SessionCommand>(SessionCommand.class).write(c, enc);
    enc.flush();
    return new GenericDatumReader<GenericRecord>(SessionCommand.getClassSchema(), reader)
        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
  }

  private static Schema v1Command() throws URISyntaxException {
    return commandOf("v1");
  }

  private static Schema commandOf(String version) throws URISyntaxException {
    Path dir =
        Path.of(
            CommandEvolutionTest.class
                .getClassLoader()
                .getResource("schema-history/" + version)
                .toURI());
    return SchemaEvolution.parseVersion(dir).get(SessionCommand.getClassSchema().getFullName());
  }
}
