package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A {@code vigil} command in a JVM of its own, as a user runs it, for Ctrl-C tests (the approach of
 * {@link DemoInterruptIT}): its own system temp folder ({@code java.io.tmpdir}) and working folder,
 * both the test's, so that whatever it leaves behind can be listed. Its output (stdout and stderr
 * together) is read on a thread of its own and kept, so the test can wait on a line without ever
 * blocking the child on a full pipe.
 */
final class ChildVigil implements AutoCloseable {
  private final Process process;
  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
  private final Thread reader;

  private ChildVigil(Process process) {
    this.process = process;
    this.reader = new Thread(this::read, "child-vigil-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code vigil args...} with {@code tmp} as its temp folder, in {@code work}. */
  static ChildVigil start(Path tmp, Path work, Path logs, String... args) throws IOException {
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
            VigilCli.class.getName()));
    command.addAll(List.of(args));
    return new ChildVigil(
        new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start());
  }

  private void read() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("(reading the output failed: " + e + ")");
    }
  }

  /** Whether a line printed so far matches. */
  boolean printed(Predicate<String> line) {
    synchronized (lines) {
      return lines.stream().anyMatch(line);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Ctrl-C: SIGINT ({@link Process#destroy} sends SIGTERM). */
  void interrupt() throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
    assertThat(kill.waitFor()).as("kill -INT %d", process.pid()).isZero();
  }

  /** Waits for the command to exit (the test's own timeout bounds it) and all its output. */
  int exitCode() throws Exception {
    int code = process.waitFor();
    reader.join();
    return code;
  }

  /** Everything printed so far, one line per line. */
  String output() {
    synchronized (lines) {
      return String.join(System.lineSeparator(), lines);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private static boolean canResetSigint() {
    try {
      return new ProcessBuilder("env", "--default-signal=INT", "true").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Every path under {@code dir}, relative to it. */
  static List<String> leftIn(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).toList();
    }
  }
}
