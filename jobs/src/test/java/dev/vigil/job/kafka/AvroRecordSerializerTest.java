package dev.vigil.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandParameters;
import dev.vigil.schema.SessionCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class AvroRecordSerializerTest {
  private static final long MONTH_AGO = 1_793_577_600_000L; // 2026-11-02, a replayed event's time

  @Test
  void anOutputRecordCarriesNoEventTimeSoTheBrokerStampsItsWriteTimeAndRetentionKeepsIt() {
    AvroRecordSerializer<SessionCommand> s =
        new AvroRecordSerializer<>(
            "vigil.session-commands", SessionCommand.class, SessionCommand::getSessionId);
    s.open(null, null);
    SessionCommand c =
        SessionCommand.newBuilder()
            .setCommandId("e-1:kill")
            .setSessionId("s-1")
            .setAccountId("a-1")
            .setAction(CommandAction.KILL)
            .setParameters(CommandParameters.newBuilder().build())
            .setIssuedAt(MONTH_AGO)
            .setExpiresAt(MONTH_AGO + 300_000)
            .setProbability(0.99)
            .setReasons(List.of())
            .setModelVersion("m")
            .setTriggerEventId("e-1")
            .build();

    ProducerRecord<byte[], byte[]> r = s.serialize(c, null, MONTH_AGO);

    // A month-old timestamp would put the record past a 7-day retention the moment it is written.
    assertThat(r.timestamp()).isNull();
    assertThat(r.topic()).isEqualTo("vigil.session-commands");
    assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("s-1");
    assertThat(r.value()).isNotEmpty();
  }
}
