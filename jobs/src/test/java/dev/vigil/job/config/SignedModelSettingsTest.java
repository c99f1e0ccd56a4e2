package dev.vigil.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.signing.PublisherKeys;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models.* settings of vigil-job.properties. */
class SignedModelSettingsTest {
  @TempDir Path dir;

  @Test
  void signaturesAreRequiredByDefaultAndTrustedKeysAreReadOnTheClient() throws Exception {
    var defaults = JobSettings.risk(JobConfig.load(null, List.of()));
    assertThat(defaults.allowUnsignedModels()).isFalse();
    assertThat(defaults.trustedModelKeys()).isNull();

    PublisherKeys.generateInto(dir);
    String pub = dir.resolve(PublisherKeys.PUBLIC_FILE).toString();
    var trusting = JobSettings.risk(JobConfig.load(null, List.of("models.trusted-keys=" + pub)));
    assertThat(trusting.trustedModelKeys()).isEqualTo(pub);

    assertThatThrownBy(
            () ->
                JobSettings.risk(
                    JobConfig.load(
                        null, List.of("models.trusted-keys=" + dir.resolve("missing.pub")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }
}
