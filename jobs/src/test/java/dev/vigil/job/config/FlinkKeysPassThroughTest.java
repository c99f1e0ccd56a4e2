package dev.vigil.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flink's own configuration keys pass through --set and the config file; Vigil typos do not. */
class FlinkKeysPassThroughTest {

  @Test
  void metricsReporterKeysGivenWithSetReachFlinksConfiguration() {
    JobConfig c =
        JobConfig.load(
            null,
            List.of(
                "metrics.reporter.prom.factory.class="
                    + "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                "metrics.reporter.prom.port=9250-9260"));

    assertThat(c.flinkSettings())
        .containsEntry(
            "metrics.reporter.prom.factory.class",
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
        .containsEntry("metrics.reporter.prom.port", "9250-9260");
    Configuration flink = JobSettings.flink(c);
    assertThat(flink.toMap()).containsEntry("metrics.reporter.prom.port", "9250-9260");
  }

  @Test
  void flinkKeysInTheConfigFileWinOverWhatVigilsKeysDerive(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.properties");
    Files.writeString(
        file, "state.backend.type=rocksdb\nrestart-strategy.type=none\nparallelism=3\n");

    JobConfig c = JobConfig.load(file, List.of());

    assertThat(c.integer("parallelism", 1, 10)).isEqualTo(3);
    Configuration flink = JobSettings.flink(c);
    assertThat(flink.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
    assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("none");
    assertThat(c.asMap()).doesNotContainKey("state.backend.type");
  }

  @Test
  void aMisspelledVigilKeyUnderAFlinkPrefixIsStillRefusedWithTheKeyItMeant() {
    assertThatThrownBy(() -> JobConfig.load(null, List.of("state.backnd=rocksdb")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown setting 'state.backnd'")
        .hasMessageContaining("did you mean 'state.backend'");
  }

  @Test
  void aKeyOfNeitherVigilNorFlinkIsRefusedAndTheMessageNamesFlinksPrefixes() {
    assertThatThrownBy(() -> JobConfig.load(null, List.of("metric.reporters=prom")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown setting 'metric.reporters'")
        .hasMessageContaining("metrics.");
  }

  @Test
  void withKeepsTheFlinkKeys() {
    JobConfig c =
        JobConfig.load(null, List.of("metrics.reporters=prom"))
            .with("checkpoint.dir", "/tmp/checkpoints");

    assertThat(c.flinkSettings()).containsEntry("metrics.reporters", "prom");
  }
}
