package dev.vigil.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on {@code vigil train} (a child JVM, SIGINT): one line of what ran, exit 130, nothing
 * under {@code --out}. The history is a named pipe the test feeds and never closes, so the child is
 * still reading it when the signal comes: once more bytes went in than a pipe's buffer holds (64
 * KiB on Linux), the child has read the rest. Linux ({@code mkfifo}, {@code kill}).
 */
class TrainInterruptTest {
  private static final long CONSUMED = 4L << 20;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES) // a guard; the test waits on bytes and the exit
  void ctrlCWhileTrainingPrintsWhatRanExits130AndWritesNothing(@TempDir Path dir) throws Exception {
    Path history = TrainingFixture.history();
    assertThat(Files.size(history)).isGreaterThan(2 * CONSUMED);
    Path pipe = dir.resolve("history.pipe");
    assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
    Path out = dir.resolve("model.json");
    Path log = dir.resolve("child.log");

    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                TrainCli.class.getName(),
                "--history",
                pipe.toString(),
                "--out",
                out.toString(),
                "--no-progress")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    AtomicLong written = new AtomicLong();
    CountDownLatch release = new CountDownLatch(1);
    Thread feeder =
        new Thread(
            () -> {
              try (OutputStream o = Files.newOutputStream(pipe);
                  InputStream in = Files.newInputStream(history)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                  o.write(buf, 0, n);
                  written.addAndGet(n);
                  if (written.get() > CONSUMED) {
                    break;
                  }
                }
                o.flush();
                release.await(); // the pipe stays open: the child cannot reach its end
              } catch (IOException | InterruptedException e) {
                // the child exited (broken pipe): nothing more to feed
              }
            },
            "pipe-feeder");
    feeder.setDaemon(true);
    try {
      feeder.start();
      while (written.get() <= CONSUMED && child.isAlive()) {
        feeder.join(50); // waits on the feeder's progress (the child consuming the pipe)
      }
      assertThat(child.isAlive()).as("still training: %s", read(log)).isTrue();
      assertThat(new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor())
          .isZero();
      assertThat(child.waitFor()).as(read(log)).isEqualTo(130);
    } finally {
      release.countDown();
      child.destroyForcibly();
    }
    assertThat(read(log))
        .containsPattern(
            "(?m)^vigil train: interrupted after \\d+ s; nothing written to .*model\\.json$")
        .doesNotContain("Exception");
    assertThat(out).doesNotExist();
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("no partial model")
          .containsExactlyInAnyOrder("history.pipe", "child.log");
    }
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
