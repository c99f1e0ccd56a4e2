package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on {@code vigil simulate} while it writes: one line of what was generated so far, exit
 * 130, and neither the half-written events file nor the output folder it made is left.
 */
class SimulateInterruptIT {
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES) // a guard; the test waits on the file
  void ctrlCWhileSimulatingPrintsWhatWasGeneratedExits130AndLeavesNoPartialFile(
      @TempDir Path tmp, @TempDir Path work, @TempDir Path logs) throws Exception {
    Path out = work.resolve("traffic");
    // Six simulated hours of a bot-heavy exchange: millions of events, far more than are written
    // by the time the first bytes of the file are seen and the signal lands.
    try (ChildVigil simulate =
        ChildVigil.start(
            tmp,
            work,
            logs,
            "simulate",
            "--out",
            out.toString(),
            "--accounts",
            "40",
            "--duration",
            "6h",
            "--scenario-mix",
            "none",
            "--no-progress")) {
      await()
          .forever()
          .pollInterval(Duration.ofMillis(20))
          .until(() -> stagedBytes(out) > 0 || !simulate.isAlive());
      assertThat(simulate.isAlive())
          .as("still writing; it printed:%n%s", simulate.output())
          .isTrue();

      simulate.interrupt();

      assertThat(simulate.exitCode()).as(simulate.output()).isEqualTo(130);
      System.out.printf("SimulateInterruptIT:%n%s%n", simulate.output());
      assertThat(simulate.output())
          .containsPattern(
              "(?m)^vigil simulate: interrupted after \\d+ s: [1-9][\\d,]* events generated"
                  + " \\(\\d+% of the simulated time\\); nothing written to "
                  + Pattern.quote(out.toString())
                  + "$")
          .doesNotContain("wrote ")
          .doesNotContain("Exception");
    }
    assertThat(out).as("no events file, whole or partial, and no folder").doesNotExist();
    assertThat(ChildVigil.leftIn(tmp)).as("left in the temp folder after Ctrl-C").isEmpty();
  }

  /** Bytes written so far under the output's temporary name (.vigil-partial-*). */
  private static long stagedBytes(Path out) throws Exception {
    if (!Files.isDirectory(out)) {
      return 0;
    }
    try (Stream<Path> all = Files.walk(out)) {
      return all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
