package dev.vigil.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
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
      Set.of("password", "secret", "jaas", "key", "token", "credential", "user.info");

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
      requirePrivateIfInlineSecrets(propertiesFile, props);
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

  /**
   * A file that holds a credential itself (not a {@code ${provider:...}} reference) must not be
   * readable by group or others, as for signing keys. Checked on POSIX file systems only.
   */
  private static void requirePrivateIfInlineSecrets(Path file, Properties props) {
    List<String> inline =
        props.stringPropertyNames().stream()
            .filter(KafkaClientConfig::holdsCredential)
            .filter(n -> !props.getProperty(n).strip().startsWith("${"))
            .sorted()
            .toList();
    if (inline.isEmpty()) {
      return;
    }
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException | IOException e) {
      return;
    }
    if (permissions.contains(PosixFilePermission.GROUP_READ)
        || permissions.contains(PosixFilePermission.OTHERS_READ)) {
      throw new IllegalArgumentException(
          "client properties file "
              + file
              + " holds "
              + inline.get(0)
              + " itself and others can read it: chmod 600 "
              + file
              + ", or reference the secret as ${env:VAR} or ${file:PATH:KEY} (README, Operations)");
    }
  }

  private static boolean holdsCredential(String propertyName) {
    String lower = propertyName.toLowerCase(Locale.ROOT);
    return lower.contains("password")
        || lower.contains("jaas")
        || lower.contains("secret")
        || lower.contains("user.info")
        || lower.equals("ssl.keystore.key");
  }

  /**
   * Whether the broker can tell who this client is: refuses {@code security.protocol} PLAINTEXT
   * (the default when the file does not set it) and SSL without a client certificate ({@code
   * ssl.keystore.location} or {@code ssl.keystore.key}), unless {@code insecure}. SASL_SSL and SSL
   * with a client certificate pass; SASL_PLAINTEXT passes with a warning (authenticated, but the
   * records cross the network unencrypted). Protocol names as in Kafka's {@code
   * CommonClientConfigs.SECURITY_PROTOCOL_CONFIG}.
   *
   * @param command the command's name, for the message
   * @return a warning to print, or null
   * @throws IllegalArgumentException one line naming the fix, when refused
   */
  public static String requireAuthentication(Properties props, boolean insecure, String command) {
    String protocol = props.getProperty("security.protocol", "PLAINTEXT").strip();
    protocol = protocol.toUpperCase(Locale.ROOT);
    boolean clientCertificate =
        props.getProperty("ssl.keystore.location") != null
            || props.getProperty("ssl.keystore.key") != null;
    String unauthenticated =
        switch (protocol) {
          case "PLAINTEXT" -> "security.protocol=PLAINTEXT";
          case "SSL" -> clientCertificate ? null : "security.protocol=SSL without a client key";
          default -> null;
        };
    if (unauthenticated == null) {
      return protocol.equals("SASL_PLAINTEXT")
          ? "security.protocol=SASL_PLAINTEXT: authenticated, but records and commands cross the"
              + " network unencrypted; use SASL_SSL"
          : null;
    }
    if (!insecure) {
      throw new IllegalArgumentException(
          command
              + " refuses a Kafka connection without authentication ("
              + unauthenticated
              + "): give --client-config with security.protocol=SASL_SSL and"
              + " sasl.mechanism=SCRAM-SHA-512 (README, Security of the pipeline), or pass"
              + " --insecure for a test broker");
    }
    return "Kafka connection without authentication ("
        + unauthenticated
        + ", --insecure): anyone who reaches the broker can write to its topics";
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
