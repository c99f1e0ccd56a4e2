package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on {@code vigil demo} as a user presses it: the demo runs in a JVM of its own, with its
 * own system temp folder, and gets a SIGINT once its traffic flows.
 */
class DemoInterruptIT {

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void ctrlCOnTheDemoPrintsTheSummaryExits130AndLeavesNothingInTheTempFolder(
      @TempDir Path tmp, @TempDir Path logs) throws Exception {
    Process demo = startDemo(tmp, logs);
    List<String> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null && !line.startsWith("t=")) {
        out.add(line);
      }
      assertThat(line).as("the first progress line; the demo printed:%n%s", text(out)).isNotNull();
      out.add(line);
      assertThat(line)
          .as("the demo opens on the history, and says the attacks are still to come")
          .contains(DemoPhase.HISTORY)
          .endsWith("(attacks come in the live window)");
      assertThat(leftIn(tmp))
          .as("while it runs: its folder, its private keys, Flink's rpc jar and minicluster")
          .anyMatch(p -> p.startsWith("vigil-demo-"))
          .anyMatch(p -> p.endsWith(".key"))
          .anyMatch(p -> p.contains("flink-rpc"))
          .anyMatch(p -> p.contains("minicluster_"));

      interrupt(demo.pid());
      r.lines().forEach(out::add);
    }

    assertThat(demo.waitFor()).as(text(out)).isEqualTo(130);
    assertThat(text(out))
        .contains("Summary (interrupted after ")
        .containsPattern("Summary \\(interrupted after \\d+s, in the (history replay|live window):")
        .containsPattern("(?m)^  sent +[1-9][\\d,]*$")
        .containsPattern("(?m)^  valid +[\\d,]+$")
        .containsPattern("(?m)^  audit chain +intact")
        .containsPattern("(?m)^  signals +[\\d,]+$")
        .containsPattern("(?m)^  cases +[\\d,]+$")
        .contains("Interrupted: the jobs were stopped and ")
        .doesNotContain("Exception");
    assertThat(leftIn(tmp))
        .as("left in the temp folder after Ctrl-C")
        .noneMatch(p -> p.startsWith("vigil-demo-"))
        .noneMatch(p -> p.startsWith("flink-") || p.startsWith("minicluster_"))
        .noneMatch(p -> p.startsWith("kafka-"))
        .noneMatch(p -> p.endsWith(".key") || p.endsWith("caep-key"));
  }

  private static Process startDemo(Path tmp, Path logs) throws IOException {
    List<String> command = new ArrayList<>();
    if (canResetSigint()) {
      // A JVM started with SIGINT ignored (a background job of a script) keeps ignoring it.
      command.addAll(List.of("env", "--default-signal=INT"));
    }
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1g",
            "@" + Path.of("src/main/jvm/flink.jvm-options").toAbsolutePath(),
            "-Djava.io.tmpdir=" + tmp,
            "-Dlog4j2.configurationFile=vigil-cli-log4j2.properties",
            "-Dlog4j2.statusLoggerLevel=ERROR",
            "-Dvigil.log.dir=" + logs,
            "-cp",
            System.getProperty("java.class.path"),
            VigilCli.class.getName(),
            "demo",
            "--duration",
            "60s",
            "--accounts",
            "20",
            "--web-ui-port",
            "0"));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Ctrl-C: SIGINT ({@link Process#destroy} sends SIGTERM). */
  private static void interrupt(long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor()).as("kill -INT %d", pid).isZero();
  }

  private static boolean canResetSigint() {
    try {
      return new ProcessBuilder("env", "--default-signal=INT", "true").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Every path under {@code dir}, relative to it. */
  private static List<String> leftIn(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).toList();
    }
  }

  private static String text(List<String> lines) {
    return String.join(System.lineSeparator(), lines);
  }
}
