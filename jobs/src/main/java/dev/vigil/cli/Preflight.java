package dev.vigil.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The checks every command makes before it starts work (a Flink job, a Kafka client, a long read):
 * inputs are readable files, outputs can be written, the broker answers. A failing check throws an
 * exception whose message is the one line the user sees, naming the problem and the fix; {@link
 * Usage} (exit 2) when the command line itself is wrong, anything else exit 1.
 */
final class Preflight {
  private Preflight() {}

  /** A mistake in the command line itself (a value out of range, options that clash): exit 2. */
  static final class Usage extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    Usage(String message) {
      super(message);
    }
  }

  /** Throws a {@link Usage} error with {@code message} unless {@code ok}. */
  static void require(boolean ok, String message) {
    if (!ok) {
      throw new Usage(message);
    }
  }

  /**
   * Prints the one-line note that {@code old} is the old spelling of {@code now} when the command
   * line used it (it keeps working for one release).
   */
  static void oldSpelling(picocli.CommandLine.Model.CommandSpec spec, String old, String now) {
    if (spec.commandLine().getParseResult().originalArgs().stream()
        .anyMatch(a -> a.equals(old) || a.startsWith(old + "="))) {
      spec.commandLine()
          .getErr()
          .println(
              "vigil: note: "
                  + old
                  + " is the old spelling of "
                  + now
                  + " and goes in the next"
                  + " release");
    }
  }

  /** {@code file}, given to {@code option}, is a readable regular file; else one line naming it. */
  static Path inputFile(Path file, String option) {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(
          file + " is a directory, not a file; give " + option + " a file");
    }
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(file + " does not exist; check " + option);
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(
          file + " cannot be read (permissions); check " + option + " or the file's mode");
    }
    return file;
  }

  /**
   * {@code file}, given to {@code option}, can be written: not a directory, its folder exists and
   * is writable. An existing file is replaced only at the end (see {@link PartialOutput}).
   */
  static Path outputFile(Path file, String option) {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(
          file
              + " is a directory; give "
              + option
              + " a file name (e.g. "
              + file.resolve("out.jsonl")
              + ")");
    }
    Path folder = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(
          "the folder of " + file + " does not exist; create " + folder + " or check " + option);
    }
    if (!Files.isWritable(folder)) {
      throw new IllegalArgumentException(
          "cannot write in " + folder + " (permissions); give " + option + " another place");
    }
    return file;
  }

  /**
   * {@code dir}, given to {@code option}, can hold the output files: an existing file there is
   * refused (before any job starts, not after), a missing folder is created.
   */
  static Path outputFolder(Path dir, String option) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          dir
              + " is an existing file, and "
              + option
              + " names a folder for the output files;"
              + " give a new or existing folder");
    }
    Files.createDirectories(dir);
    if (!Files.isWritable(dir)) {
      throw new IllegalArgumentException(
          "cannot write in " + dir + " (permissions); give " + option + " another folder");
    }
    return dir;
  }

  /**
   * The brokers in {@code client} answer within {@code timeout}; else one line naming them and the
   * fix, instead of a client's TimeoutException a minute later. Other errors (authentication,
   * authorization) are left to the command, which explains them in its own terms.
   */
  static void brokerReachable(Properties client, Duration timeout) {
    int ms = (int) Math.max(1, timeout.toMillis());
    Properties p = new Properties();
    p.putAll(client);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(ms));
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(ms));
    Admin admin;
    try {
      admin = Admin.create(p);
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new IllegalArgumentException(
          "cannot use the Kafka brokers "
              + client.getProperty("bootstrap.servers")
              + " ("
              + e.getMessage()
              + "); check -b HOST:PORT or bootstrap.servers in --client-config");
    }
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(ms))
          .nodes()
          .get(ms + 1_000L, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw unreachable(client, timeout);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable(client, timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reaching the Kafka brokers", e);
    } finally {
      admin.close(Duration.ZERO);
    }
  }

  private static RuntimeException unreachable(Properties client, Duration timeout) {
    return new RunFailure.Failed(
        "no Kafka broker answered at "
            + client.getProperty("bootstrap.servers")
            + " within "
            + seconds(timeout)
            + "; start the broker, or give its address with -b HOST:PORT (or bootstrap.servers"
            + " in --client-config), or allow longer with --timeout");
  }

  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
