package dev.vigil.job.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.job.ingest.IngestSettings;
import dev.vigil.testing.KafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** When the session risk job reads the outcomes topic (outcomes.enabled), on a real broker. */
class OutcomeInputTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @TempDir static Path dir;
  static Path keys;
  static IngestSettings ingest;

  static final String EXISTING = "outcome-input-test.enforcement-outcomes";
  static final String MISSING = "outcome-input-test.no-such-topic";
  static final String NO_VARIABLE = "VIGIL_OUTCOME_INPUT_TEST_UNSET";

  @BeforeAll
  static void setUp() throws Exception {
    keys = dir.resolve("gateway-keys");
    Files.writeString(keys, "gw1:YS1nYXRld2F5LW91dGNvbWUta2V5LW9mLTMyLWJ5dGU=");
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
    ingest = JobSettings.ingest(JobConfig.load(null, List.of()));
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      admin
          .createTopics(List.of(new NewTopic(EXISTING, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  static Object source(String enabled, String topic, Path keyFile, boolean verify)
      throws Exception {
    return OutcomeInput.sourceOrNull(
        KAFKA.clientProperties(),
        new OutcomeSettings(
            enabled, topic, keyFile == null ? null : keyFile.toString(), NO_VARIABLE, verify),
        "outcome-input-test",
        ingest);
  }

  @Test
  void autoReadsTheTopicWhenItExistsAndAGatewayKeyRingIsSet() throws Exception {
    assertThat(source("auto", EXISTING, keys, true)).isNotNull();
  }

  @Test
  void autoRunsWithoutOutcomesWhenTheTopicOrTheKeyRingIsMissing() throws Exception {
    assertThat(source("auto", MISSING, keys, true)).isNull();
    assertThat(source("auto", EXISTING, null, true)).isNull();
  }

  @Test
  void trueRefusesToStartWithoutTheTopicOrTheKeyRingNamingTheFix() {
    assertThatThrownBy(() -> source("true", MISSING, keys, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(MISSING)
        .hasMessageContaining("vigil topics create");
    assertThatThrownBy(() -> source("true", EXISTING, null, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outcomes.keys-file")
        .hasMessageContaining(NO_VARIABLE);
  }

  @Test
  void falseNeverReadsAndUnverifiedOutcomesNeedNoKeyRing() throws Exception {
    assertThat(source("false", EXISTING, keys, true)).isNull();
    assertThat(source("auto", EXISTING, null, false)).isNotNull();
  }

  @Test
  void theKeyRingIsReadWhereTheSourceRunsAndVerificationOffReadsNone() {
    var settings = new OutcomeSettings("true", EXISTING, keys.toString(), NO_VARIABLE, true);
    assertThat(settings.keyRing()).isNotNull();
    assertThat(new OutcomeSettings("true", EXISTING, null, NO_VARIABLE, false).keyRing()).isNull();
    assertThatThrownBy(
            () -> new OutcomeSettings("true", EXISTING, null, NO_VARIABLE, true).keyRing())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("outcomes.keys-file");
  }
}
