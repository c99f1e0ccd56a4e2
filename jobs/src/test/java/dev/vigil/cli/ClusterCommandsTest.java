package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * The mistakes {@code vigil savepoint}, {@code vigil stop} and {@code --jobmanager} answer with one
 * line and the right exit code, before or instead of a stack trace. Against a real cluster they run
 * in {@code MultiProcessClusterIT}.
 */
class ClusterCommandsTest {

  @Test
  void aJobManagerThatDoesNotAnswerIsNamedWithTheFixAndExit1() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    for (String command : new String[] {"savepoint", "stop"}) {
      CliRun run = CliRun.of(command, "--jobmanager", "127.0.0.1:" + port, "--timeout", "20s");
      assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
      assertThat(run.err())
          .contains("no Flink JobManager answered at 127.0.0.1:" + port)
          .contains("check --jobmanager")
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void aJobManagerAddressWithoutAPortIsAUsageError() {
    for (String command : new String[] {"savepoint", "stop"}) {
      CliRun run = CliRun.of(command, "--jobmanager", "flink-jm");
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).contains("--jobmanager takes HOST:PORT").contains("flink-jm:8081");
    }
  }

  @Test
  void drainWithoutASavepointIsAUsageError() {
    CliRun run = CliRun.of("stop", "--jobmanager", "127.0.0.1:8081", "--drain");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--drain goes with --savepoint");
  }

  @Test
  void savepointAndStopNeedAJobManager() {
    for (String command : new String[] {"savepoint", "stop"}) {
      CliRun run = CliRun.of(command);
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("--jobmanager");
    }
  }
}
