package dev.vigil.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry classes' arguments, as {@code flink run -c CLASS vigil-jobs.jar ARGS} passes them. */
class JobArgumentsTest {

  @Test
  void theFileThenEachKeyValuePairSetTheJobsSettings(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("vigil.properties");
    Files.writeString(file, "parallelism=3\ncheckpoint.interval=30s\n");
    JobArguments args =
        JobArguments.parse(
            "--config",
            file.toString(),
            "--parallelism",
            "8",
            "--checkpoint.dir",
            "s3://bucket/vigil",
            "--bootstrap-servers",
            "kafka:9092",
            "--insecure");
    assertThat(args.config().integer("parallelism", 1, 4096)).isEqualTo(8);
    assertThat(args.config().string("checkpoint.interval")).isEqualTo("30s");
    assertThat(args.config().string("checkpoint.dir")).isEqualTo("s3://bucket/vigil");
    assertThat(args.client("vigil-session-risk").getProperty("bootstrap.servers"))
        .isEqualTo("kafka:9092");
    assertThat(args.securityWarning("vigil-session-risk")).contains("without authentication");
  }

  @Test
  void aFlagBeforeAnotherOptionTakesNoValue() {
    // As docker/compose.yaml passes them to standalone-job.
    JobArguments args =
        JobArguments.parse(
            "--bootstrap-servers", "kafka-1:9092", "--insecure", "--parallelism", "3");
    assertThat(args.securityWarning("vigil-session-risk")).contains("without authentication");
    assertThat(args.config().integer("parallelism", 1, 4096)).isEqualTo(3);
  }

  @Test
  void flinksOwnKeysPassThroughToFlink() {
    JobArguments args =
        JobArguments.parse("--bootstrap-servers", "k:1", "--metrics.reporter.prom.port", "9249");
    assertThat(args.config().flinkSettings()).containsEntry("metrics.reporter.prom.port", "9249");
  }

  @Test
  void anUnknownSettingIsRefusedWithTheNearestName() {
    assertThatThrownBy(
            () -> JobArguments.parse("--bootstrap-servers", "kafka:9092", "--paralelism", "4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown setting 'paralelism'")
        .hasMessageContaining("did you mean 'parallelism'");
  }

  @Test
  void aSettingWithoutAValueIsRefused() {
    assertThatThrownBy(
            () -> JobArguments.parse("--bootstrap-servers", "kafka:9092", "--checkpoint.dir"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--checkpoint.dir needs a value, e.g. --checkpoint.dir VALUE");
  }

  @Test
  void anUnauthenticatedBrokerIsRefusedWithoutInsecure() {
    JobArguments args = JobArguments.parse("--bootstrap-servers", "kafka:9092");
    assertThatThrownBy(() -> args.client("vigil-session-risk"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--insecure");
  }

  @Test
  void noBrokerIsRefusedNamingBothWaysToGiveOne() {
    assertThatThrownBy(() -> JobArguments.parse("--parallelism", "2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--bootstrap-servers");
  }

  @Test
  void anEntryClassesOwnOptionsAreNotSettings() {
    JobArguments args =
        JobArguments.parse(
            Set.of("group-id", "bounded"),
            "--bootstrap-servers",
            "kafka:9092",
            "--group-id",
            "backfill-1",
            "--bounded");
    assertThat(args.option("group-id", "vigil-ingest")).isEqualTo("backfill-1");
    assertThat(args.flag("bounded")).isTrue();
    assertThat(JobArguments.parse("--bootstrap-servers", "k:1").flag("bounded")).isFalse();
  }
}
