package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on {@code vigil score}'s default path, the file backtest without Flink, while it scores:
 * one line of what was done so far, exit 130, no output folder and nothing in the temp folder. The
 * file backtest is too fast to catch on a file, so its input is a named pipe the test feeds: once
 * more bytes went into the pipe than its buffer holds, the child has read the rest, and it is still
 * reading (the pipe stays open) when the signal comes. Linux ({@code mkfifo}), like the other
 * child-JVM tests.
 */
class ScoreFileBacktestInterruptIT {
  /** More than a pipe's buffer (64 KiB on Linux): written past it, the child has read the rest. */
  private static final long CONSUMED = 4L << 20;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES) // a guard; the test waits on bytes and the exit
  void ctrlCWhileTheFileBacktestReadsPrintsWhatWasDoneExits130AndLeavesNothing(
      @TempDir Path input, @TempDir Path tmp, @TempDir Path work, @TempDir Path logs)
      throws Exception {
    CliRun simulated =
        CliRun.of(
            "simulate",
            "--out",
            input.toString(),
            "--accounts",
            "20",
            "--duration",
            "20m",
            "--scenario-mix",
            "none",
            "--no-progress");
    assertThat(simulated.exitCode()).as(simulated.err()).isZero();
    Path events = input.resolve("events.jsonl");
    assertThat(Files.size(events)).isGreaterThan(2 * CONSUMED);
    Path pipe = input.resolve("events.pipe");
    assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
    Path out = work.resolve("scores");

    AtomicLong written = new AtomicLong();
    CountDownLatch release = new CountDownLatch(1);
    Thread feeder =
        new Thread(
            () -> {
              // Opening blocks until the child opens the pipe; the pipe is never closed by the
              // feeder, so the child cannot reach the end of its input before the signal.
              try (OutputStream o = Files.newOutputStream(pipe);
                  InputStream in = Files.newInputStream(events)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                  o.write(buf, 0, n);
                  written.addAndGet(n);
                }
                o.flush();
                release.await(); // hold the pipe open until the test is done
              } catch (IOException | InterruptedException e) {
                // the child exited (broken pipe) or the test ended: nothing more to feed
              }
            },
            "pipe-feeder");
    feeder.setDaemon(true);

    try (ChildVigil score =
        ChildVigil.start(
            tmp,
            work,
            logs,
            "score",
            "--input",
            pipe.toString(),
            "--out",
            out.toString(),
            "--no-progress")) {
      feeder.start();
      await()
          .forever()
          .pollInterval(Duration.ofMillis(50))
          .until(() -> written.get() > CONSUMED || !score.isAlive());
      assertThat(score.isAlive()).as("still scoring; it printed:%n%s", score.output()).isTrue();

      score.interrupt();

      assertThat(score.exitCode()).as(score.output()).isEqualTo(130);
      assertThat(score.output())
          .containsPattern(
              "(?m)^vigil score: interrupted after \\d+ s: .*nothing written to "
                  + Pattern.quote(out.toString())
                  + "$")
          .doesNotContain("Exception")
          .doesNotContain("vigil: ");
    } finally {
      release.countDown();
    }
    assertThat(out).as("no output folder, not even an empty one").doesNotExist();
    assertThat(ChildVigil.leftIn(tmp)).as("left in the temp folder after Ctrl-C").isEmpty();
  }
}
