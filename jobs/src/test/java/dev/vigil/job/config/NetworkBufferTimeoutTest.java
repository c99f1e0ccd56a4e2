package dev.vigil.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ExecutionOptions;
import org.junit.jupiter.api.Test;

/**
 * The network buffer timeout, the setting that bounds how long an event may wait in a half-full
 * buffer on the command path, reaches the job's Flink settings: 5 ms unless set otherwise.
 */
class NetworkBufferTimeoutTest {
  @Test
  void theJobFlushesNetworkBuffersAfterFiveMillisecondsByDefault() {
    assertThat(JobSettings.flink(JobConfig.defaults()).get(ExecutionOptions.BUFFER_TIMEOUT))
        .isEqualTo(Duration.ofMillis(5));
  }

  @Test
  void anOperatorCanTradeLatencyBackForThroughput() {
    JobConfig cfg = JobConfig.load(null, List.of("network.buffer-timeout=100ms"));

    assertThat(JobSettings.flink(cfg).get(ExecutionOptions.BUFFER_TIMEOUT))
        .isEqualTo(Duration.ofMillis(100));
  }
}
