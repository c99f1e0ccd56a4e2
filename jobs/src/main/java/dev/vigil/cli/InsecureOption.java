package dev.vigil.cli;

import dev.vigil.kafka.KafkaClientConfig;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * {@code --insecure}: the only way for a long-running command that writes to Kafka ({@code run},
 * {@code ingest}) to start on a connection without authentication; see {@link
 * KafkaClientConfig#requireAuthentication}.
 */
public final class InsecureOption {
  @Option(
      names = "--insecure",
      description =
          "Start even though the Kafka connection has no authentication (security.protocol"
              + " PLAINTEXT, or SSL without a client certificate): for a test or demo broker on"
              + " loopback only. Anyone who reaches such a broker can write commands.")
  boolean insecure;

  /**
   * Refuses an unauthenticated connection unless {@code --insecure}; then says so on {@code out}.
   */
  void check(String command, Properties client, PrintWriter out) {
    String warning = KafkaClientConfig.requireAuthentication(client, insecure, command);
    if (warning != null) {
      out.println("WARNING: " + warning);
    }
  }
}
