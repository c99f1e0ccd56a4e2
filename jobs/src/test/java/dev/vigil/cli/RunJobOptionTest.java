package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code vigil run --job}: which job runs, and a usage error for a job there is not. */
class RunJobOptionTest {
  @Test
  void anUnknownJobIsAUsageErrorThatNamesTheJobsThereAre() {
    CliRun run = CliRun.of("run", "--job", "fraud", "-b", "127.0.0.1:1");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(run.err())
        .startsWith("vigil: ")
        .contains("--job")
        .contains("risk, exchange")
        .contains("fraud")
        .contains("vigil run --help")
        .doesNotContain("\tat ");
  }

  @Test
  void theExchangeJobWithoutABrokerFailsInOneLineWithExitOne() {
    // No broker at this address: the run stops at the broker check, before Flink, with exit 1.
    CliRun run =
        CliRun.of("run", "--job", "exchange", "-b", "127.0.0.1:1", "--timeout", "1s", "--insecure");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(run.err()).startsWith("vigil: ").doesNotContain("\tat ");
  }
}
