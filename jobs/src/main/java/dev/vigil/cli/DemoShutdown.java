package dev.vigil.cli;

import dev.vigil.kafka.EmbeddedKafka;
import dev.vigil.runtime.LocalFlink;
import dev.vigil.runtime.TempFolders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The demo's one cleanup path. Everything the demo writes lives in one folder under the system temp
 * folder: the simulated traffic, its fresh keys, Flink's temporary files (the RPC jar Flink
 * unpacks, the minicluster working folder) and, at the end, the evaluation.
 *
 * <p>On Ctrl-C or SIGTERM the demo's finally blocks never run, only shutdown hooks do. This hook
 * prints the summary of what ran so far, deletes the private keys, stops Flink (its tasks write
 * into the folder) and deletes the whole folder; the JVM then exits 130 after Ctrl-C (143 after
 * SIGTERM). A normal end ({@link #close}) drops the hook, deletes the private keys and Flink's
 * files, and keeps the outputs for the user.
 */
final class DemoShutdown implements AutoCloseable {
  private static final Duration STOP_FLINK = Duration.ofSeconds(20);
  private static final Duration STOP_KAFKA = Duration.ofSeconds(20);

  private final Path work;
  private final PrintWriter out;
  private final Thread hook = new Thread(this::onInterrupt, "vigil-demo-cleanup");
  private final AtomicBoolean interrupted = new AtomicBoolean();
  private volatile DemoKeys keys;
  private volatile LocalFlink flink;
  private volatile EmbeddedKafka kafka;
  private volatile Consumer<PrintWriter> summary;

  private DemoShutdown(Path work, PrintWriter out) {
    this.work = work;
    this.out = out;
  }

  /** Creates the demo's folder ({@code vigil-demo-*}) and registers the hook. */
  static DemoShutdown start(PrintWriter out) throws IOException {
    DemoShutdown s = new DemoShutdown(Files.createTempDirectory("vigil-demo-"), out);
    Runtime.getRuntime().addShutdownHook(s.hook);
    return s;
  }

  /** The demo's folder. */
  Path work() {
    return work;
  }

  /** Where Flink puts its temporary files: inside the demo's folder, deleted at the end. */
  Path flinkTmp() throws IOException {
    return Files.createDirectories(work.resolve("flink-tmp"));
  }

  void keys(DemoKeys demoKeys) {
    this.keys = demoKeys;
  }

  /** Where the embedded broker keeps its data: inside the demo's folder. */
  Path kafkaData() {
    return work.resolve("kafka");
  }

  /** Stops {@code broker} on Ctrl-C before deleting its data; returns it. */
  EmbeddedKafka kafka(EmbeddedKafka broker) {
    this.kafka = broker;
    return broker;
  }

  /** Stops {@code cluster} on Ctrl-C before deleting its files; returns it. */
  LocalFlink flink(LocalFlink cluster) {
    this.flink = cluster;
    return cluster;
  }

  /** What to print on Ctrl-C: the summary of what ran so far. */
  void summary(Consumer<PrintWriter> printer) {
    this.summary = printer;
  }

  /** Whether the hook has started: progress lines stop, errors from the stopping jobs are moot. */
  boolean interrupted() {
    return interrupted.get();
  }

  /** The normal end: drops the hook, deletes the private keys and Flink's temporary files. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      return; // the hook is running and cleans up
    }
    if (keys != null) {
      keys.deleteSecrets();
    }
    TempFolders.deleteTree(work.resolve("flink-tmp"));
  }

  private void onInterrupt() {
    interrupted.set(true);
    synchronized (out) {
      Consumer<PrintWriter> printer = summary;
      if (printer == null) {
        out.println();
        out.println("Interrupted before any traffic was sent.");
      } else {
        printer.accept(out);
      }
      out.flush();
    }
    if (keys != null) {
      keys.deleteSecrets();
    }
    LocalFlink cluster = flink;
    if (cluster != null) {
      try {
        cluster.close(STOP_FLINK);
      } catch (Exception e) {
        // stopping anyway: the folder goes below whatever Flink left in it
      }
    }
    EmbeddedKafka broker = kafka;
    if (broker != null) {
      try {
        broker.close(STOP_KAFKA); // before its data goes: a broker without it halts the JVM
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    TempFolders.deleteTree(work);
    synchronized (out) {
      out.println(
          Files.exists(work)
              ? "Interrupted: could not remove " + work + "; delete it by hand"
              : "Interrupted: the jobs were stopped and " + work + " removed.");
      out.flush();
    }
  }
}
