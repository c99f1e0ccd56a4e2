package dev.vigil.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.junit.jupiter.api.Test;

/** The production defaults and the warnings of {@code vigil run} for settings that cannot scale. */
class ScaleCheckTest {
  private static final long GIB = 1L << 30;

  private static JobConfig config(String... overrides) {
    return JobConfig.load(null, List.of(overrides));
  }

  @Test
  void aDurableDirectoryRetainsItsCheckpointsOnCancellationAndRocksDbUploadsIncrements() {
    Configuration f = JobSettings.flink(config("checkpoint.dir=/var/lib/vigil/checkpoints"));
    assertThat(f.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo("file:///var/lib/vigil/checkpoints");
    assertThat(f.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
        .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    assertThat(f.getOptional(CheckpointingOptions.INCREMENTAL_CHECKPOINTS))
        .as("not set for the heap backend")
        .isEmpty();
    assertThat(
            JobSettings.flink(config("state.backend=rocksdb"))
                .get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS))
        .isTrue();
    assertThat(
            JobSettings.flink(config("checkpoint.dir=s3://bucket/vigil"))
                .get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo("s3://bucket/vigil");
    // The library default (tests, vigil score, the demo) stays in JobManager memory.
    assertThat(JobSettings.flink(config()).getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEmpty();
    assertThat(JobSettings.checkpointsDescribed(config())).startsWith("JobManager memory");
  }

  @Test
  void aMillionAccountsInJobManagerMemoryOnTheHeapBackendGetsThreeWarnings() {
    List<String> w = ScaleCheck.warnings(config("checkpoint.dir=jobmanager"), 2 * GIB);
    w.forEach(s -> System.out.println("warning: " + s));
    assertThat(w).hasSize(3);
    assertThat(w.get(0))
        .startsWith("1,000,000 accounts x 2 sessions: up to 4.2 GiB of state")
        .contains("JobManager memory");
    assertThat(w.get(1)).contains("state.backend=rocksdb with state.incremental=true");
    assertThat(w.get(2)).contains("about 3.8 GiB of heap").contains("this JVM has 2.0 GiB");
  }

  @Test
  void rocksDbWithIncrementsOnADurableDirectoryHoldsAMillionAccountsWithoutWarning() {
    JobConfig c = config("checkpoint.dir=/data/vigil", "state.backend=rocksdb");
    assertThat(ScaleCheck.warnings(c, 2 * GIB)).isEmpty();
    assertThat(
            ScaleCheck.warnings(
                config(
                    "checkpoint.dir=/data/vigil",
                    "state.backend=rocksdb",
                    "state.incremental=false"),
                0))
        .singleElement()
        .asString()
        .contains("set state.incremental=true");
  }

  @Test
  void aSmallDeploymentFitsJobManagerMemoryAndTheHeap() {
    JobConfig c = config("scale.expected-accounts=1000", "checkpoint.dir=jobmanager");
    // 1,000 x (1,780 + 2 x 1,277) bytes = 4.1 MiB, under the 5 MiB of JobManager storage.
    assertThat(ScaleCheck.warnings(c, 2 * GIB)).isEmpty();
    assertThat(
            ScaleCheck.warnings(
                config("scale.expected-accounts=2000", "checkpoint.dir=jobmanager"), 0))
        .singleElement()
        .asString()
        .contains("JobManager memory");
  }
}
