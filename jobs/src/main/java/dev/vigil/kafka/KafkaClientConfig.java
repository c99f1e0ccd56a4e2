package dev.vigil.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kafka client settings for a real cluster: bootstrap servers plus an optional client-properties
 * file with TLS and SASL settings. Secrets stay out of command lines and logs: the file may hold
 * them directly (keep it mode 600), or reference them with Kafka's config providers, e.g. {@code
 * config.providers=env} with {@code
 * config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider} and
 * {@code sasl.jaas.config=${env:VIGIL_KAFKA_JAAS}}.
 */
public final class KafkaClientConfig {
  private static final Set<String> SECRET_MARKERS =
      Set.of("password", "secret", "jaas", "key", "token", "credential");

  private KafkaClientConfig() {}

  /**
   * Loads the client properties.
   *
   * @param bootstrapServers host:port list; overrides the file's bootstrap.servers when given
   * @param propertiesFile optional file of client properties (TLS, SASL, ...)
   * @throws IllegalArgumentException naming the problem and the fix
   */
  public static Properties load(String bootstrapServers, Path propertiesFile) {
    Properties props = new Properties();
    if (propertiesFile != null) {
      try (InputStream in = Files.newInputStream(propertiesFile)) {
        props.load(in);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException(
            "client properties file "
                + propertiesFile
                + " does not exist; pass an existing file to --client-config");
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read client properties file " + propertiesFile + ": " + e.getMessage());
      }
    }
    if (bootstrapServers != null && !bootstrapServers.isBlank()) {
      props.setProperty("bootstrap.servers", bootstrapServers);
    }
    if (props.getProperty("bootstrap.servers", "").isBlank()) {
      throw new IllegalArgumentException(
          "no Kafka cluster given; pass --bootstrap-servers HOST:PORT or set bootstrap.servers in"
              + " the --client-config file");
    }
    return props;
  }

  /** The property names with values safe to print: secrets shown as {@code [hidden]}. */
  public static String describe(Properties props) {
    StringBuilder out = new StringBuilder();
    for (String name : new TreeSet<>(props.stringPropertyNames())) {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(name).append('=').append(isSecret(name) ? "[hidden]" : props.getProperty(name));
    }
    return out.toString();
  }

  static boolean isSecret(String propertyName) {
    String lower = propertyName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".location") || lower.endsWith(".type")) {
      return false;
    }
    return SECRET_MARKERS.stream().anyMatch(lower::contains);
  }
}
