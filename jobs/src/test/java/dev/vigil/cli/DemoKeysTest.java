package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoKeysTest {
  /**
   * A JVM that holds the demo's keys in the demo's folder, with the demo's cleanup hook, until it
   * is told to stop, as the demo does while it runs. Its temp folder is the test's.
   */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      DemoShutdown shutdown =
          DemoShutdown.start(new java.io.PrintWriter(System.out, true, StandardCharsets.UTF_8));
      DemoKeys keys = DemoKeys.create(shutdown.work());
      shutdown.keys(keys);
      System.out.println(
          "ready " + String.join(",", keys.secrets().stream().map(Path::toString).toList()));
      System.out.flush();
      new CountDownLatch(1).await(); // until the signal
    }
  }

  @Test
  void aDemoStoppedBySigtermLeavesNoPrivateKeyBehind(@TempDir Path dir) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + dir,
                "-cp",
                System.getProperty("java.class.path"),
                Holder.class.getName())
            .redirectErrorStream(true)
            .start();
    String line;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      line = r.readLine(); // the holder's completion signal
      assertThat(line).startsWith("ready ");
      String[] secrets = line.substring("ready ".length()).split(",");
      assertThat(secrets).hasSize(4);
      for (String s : secrets) {
        assertThat(Path.of(s)).exists();
      }

      p.destroy(); // SIGTERM, as a service manager or Ctrl-C's SIGINT would end the demo
      p.waitFor();

      for (String s : secrets) {
        assertThat(Path.of(s)).as("private key left after SIGTERM").doesNotExist();
      }
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("the demo's folder, keys and all, is gone after SIGTERM")
          .noneMatch(n -> n.startsWith("vigil-demo-"));
    }
  }
}
