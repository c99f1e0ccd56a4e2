package dev.vigil.cli;

import dev.vigil.kafka.KafkaClientConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import picocli.CommandLine.Option;

/** How to reach a real Kafka cluster: shared by every command that talks to one. */
public final class KafkaOptions {
  @Option(
      names = {"-b", "--bootstrap-servers"},
      paramLabel = "HOST:PORT[,HOST:PORT...]",
      description = "Kafka brokers to connect to (or bootstrap.servers in --client-config).")
  String bootstrapServers;

  @Option(
      names = "--client-config",
      paramLabel = "FILE",
      description =
          "Kafka client properties (security.protocol, ssl.*, sasl.*). Secrets may be given as"
              + " $${env:VAR} or $${file:PATH:KEY} through Kafka config providers; they are never"
              + " printed.")
  Path clientConfig;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "How long the brokers have to answer before the command gives up (default:"
              + " ${DEFAULT-VALUE}).")
  Duration timeout = Duration.ofSeconds(10);

  /**
   * The client properties, validated (their TLS and SASL files too); throws
   * IllegalArgumentException naming the fix.
   */
  public Properties load() {
    if (clientConfig != null) {
      Preflight.inputFile(clientConfig, "--client-config");
    }
    Properties client = KafkaClientConfig.load(bootstrapServers, clientConfig);
    ClientKeyFiles.check(client); // TLS and SASL files, before any client is made
    return client;
  }

  /**
   * The client properties, validated, once a broker has answered within {@code --timeout}; else one
   * line naming the brokers and the fix.
   */
  public Properties connect() {
    return reach(load());
  }

  /** {@code client}, once a broker has answered within {@code --timeout}. */
  public Properties reach(Properties client) {
    Preflight.brokerReachable(client, timeout);
    return client;
  }
}
