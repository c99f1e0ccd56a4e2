package dev.vigil.cli;

import dev.vigil.runtime.TempFolders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Ctrl-C on a command that works for a while ({@code vigil score}, {@code run}, {@code ingest},
 * {@code simulate}, {@code consume}): on SIGINT (or SIGTERM) only shutdown hooks run, never the
 * command's finally blocks, so this hook does what they would have: it prints one line of what was
 * done so far ("vigil score: interrupted after 12 s: 40,112 records read, ..."), stops the job (the
 * command's {@code stop}, bounded by the command), and deletes the command's temporary folder
 * ({@code vigil-COMMAND-*} under the system temp folder, where a command that runs Flink keeps its
 * RPC jar, its working and upload folders; {@link #watch} makes none). The JVM then exits 130 (143
 * after SIGTERM). Partial output files are removed by their own hook ({@link PartialOutput}).
 *
 * <p>While the hook runs, {@link #underway()} is true: the command's main thread, whose job fails
 * under it, stays silent instead of printing that failure as an error. The summary is read once, on
 * Ctrl-C, from counters the command keeps anyway: nothing is added to its hot path.
 */
final class Interruption implements AutoCloseable {
  private static final AtomicBoolean UNDERWAY = new AtomicBoolean();

  private final String command;
  private final PrintWriter out;
  private final Path tmp;
  private final long began = System.nanoTime();
  private final Thread hook;
  private volatile Supplier<String> soFar = () -> "";
  private volatile Runnable stop = () -> {};

  private Interruption(String command, PrintWriter out, Path tmp) {
    this.command = command;
    this.out = out;
    this.tmp = tmp;
    this.hook = new Thread(this::onInterrupt, "vigil-" + command + "-interrupt");
  }

  /**
   * Creates the command's temporary folder ({@code vigil-COMMAND-*} under the system temp folder)
   * and registers the hook.
   */
  static Interruption start(String command, PrintWriter out) throws IOException {
    Interruption i =
        new Interruption(command, out, Files.createTempDirectory("vigil-" + command + "-"));
    Runtime.getRuntime().addShutdownHook(i.hook);
    return i;
  }

  /** As {@link #start} for a command that runs no Flink job: no temporary folder. */
  static Interruption watch(String command, PrintWriter out) {
    Interruption i = new Interruption(command, out, null);
    Runtime.getRuntime().addShutdownHook(i.hook);
    return i;
  }

  /** Whether a Ctrl-C is being handled: errors of the stopping job are moot then. */
  static boolean underway() {
    return UNDERWAY.get();
  }

  /** The command's temporary folder, for Flink's temporary files; deleted at the end. */
  Path tmp() {
    if (tmp == null) {
      throw new IllegalStateException("started without a temporary folder (watch)");
    }
    return tmp;
  }

  /** What was done so far, e.g. "40,112 records read, 17 commands written"; read on Ctrl-C. */
  void soFar(Supplier<String> summary) {
    this.soFar = summary;
  }

  /** How to stop the running job on Ctrl-C (bounded: a hang is worse than a leftover). */
  void stop(Runnable stopJob) {
    this.stop = stopJob;
  }

  /** The normal end: drops the hook and deletes the temporary folder. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      return; // the hook is running and cleans up
    }
    if (tmp != null) {
      TempFolders.deleteTree(tmp);
    }
  }

  /** The one line printed on Ctrl-C. */
  String line() {
    String done;
    try {
      done = soFar.get();
    } catch (RuntimeException e) {
      done = "";
    }
    long seconds = (System.nanoTime() - began) / 1_000_000_000L;
    return String.format(
        Locale.ROOT,
        "vigil %s: interrupted after %d s%s",
        command,
        seconds,
        done.isEmpty() ? "" : ": " + done);
  }

  private void onInterrupt() {
    UNDERWAY.set(true);
    synchronized (out) {
      out.println();
      out.println(line());
      out.flush();
    }
    try {
      stop.run();
    } catch (RuntimeException e) {
      // stopping anyway: the folder goes below whatever the job left in it
    }
    if (tmp == null) {
      return;
    }
    TempFolders.deleteTree(tmp);
    if (Files.exists(tmp)) {
      synchronized (out) {
        out.println("vigil " + command + ": could not remove " + tmp + "; delete it by hand");
        out.flush();
      }
    }
  }
}
