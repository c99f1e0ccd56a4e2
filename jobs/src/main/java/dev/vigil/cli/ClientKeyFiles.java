package dev.vigil.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The files a {@code --client-config} names for TLS and SASL, checked before any Kafka client is
 * made: config-provider references ({@code ${file:PATH:KEY}}, {@code ${env:VAR}}) resolve, every
 * {@code *.location} is a readable file, a key store or trust store opens as its {@code *.type}
 * (JKS, PKCS12: {@link KeyStore#load} with its password; PEM: holds a PEM block), and a JAAS {@code
 * keyTab="..."} exists. A failing check is one line naming the property, the file, the problem and
 * the fix (exit 1); passwords and key bytes are never printed. Kafka's defaults for the store type
 * (JKS) are those of {@code SslConfigs} (Kafka 4.x).
 */
final class ClientKeyFiles {
  private static final Pattern KEYTAB = Pattern.compile("keyTab\\s*=\\s*\"([^\"]*)\"");

  private ClientKeyFiles() {}

  /** Checks the files {@code client} names; returns quietly when there are none. */
  static void check(Properties client) {
    Map<String, String> resolved = resolve(client);
    for (Map.Entry<String, String> e : resolved.entrySet()) {
      String name = e.getKey();
      if (name.endsWith(".location") && !e.getValue().isBlank()) {
        Path file = readable(name, e.getValue());
        String prefix = name.substring(0, name.length() - ".location".length());
        if (prefix.endsWith("keystore") || prefix.endsWith("truststore")) {
          store(name, file, resolved.get(prefix + ".type"), resolved.get(prefix + ".password"));
        }
      }
    }
    String jaas = resolved.get("sasl.jaas.config");
    if (jaas != null) {
      Matcher m = KEYTAB.matcher(jaas);
      while (m.find()) {
        readable("sasl.jaas.config keyTab", m.group(1));
      }
    }
  }

  /** The properties with config-provider references resolved, as the Kafka clients see them. */
  private static Map<String, String> resolve(Properties client) {
    Map<String, String> out = new TreeMap<>();
    Map<String, Object> originals;
    try {
      originals = new AbstractConfig(new ConfigDef(), client, false).originals();
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          "--client-config: a ${provider:...} reference does not resolve ("
              + firstLine(e.getMessage())
              + "); check config.providers and the file or variable it names");
    }
    originals.forEach((k, v) -> out.put(k, v == null ? "" : v.toString()));
    for (String name : client.stringPropertyNames()) {
      String raw = client.getProperty(name);
      if (raw.contains("${") && out.getOrDefault(name, raw).equals(raw)) {
        throw new IllegalArgumentException(
            "--client-config: "
                + name
                + " refers to "
                + raw.substring(raw.indexOf("${"), raw.indexOf('}', raw.indexOf("${")) + 1)
                + ", which does not resolve; declare its provider in config.providers (README,"
                + " Operations) and check the file or variable it names");
      }
    }
    return out;
  }

  private static Path readable(String property, String value) {
    Path file = Path.of(value.strip());
    String fix = "; check " + property + " in --client-config";
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(
          "--client-config " + property + ": " + file + " is a directory, not a file" + fix);
    }
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(
          "--client-config " + property + ": " + file + " does not exist" + fix);
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(
          "--client-config "
              + property
              + ": "
              + file
              + " cannot be read (permissions); check the file's owner and mode");
    }
    return file;
  }

  private static void store(String property, Path file, String type, String password) {
    String kind = type == null || type.isBlank() ? "JKS" : type.strip().toUpperCase(Locale.ROOT);
    String typeProperty = property.replace(".location", ".type");
    String passwordProperty = property.replace(".location", ".password");
    if (kind.equals("PEM")) {
      try {
        if (!Files.readString(file, StandardCharsets.US_ASCII).contains("-----BEGIN ")) {
          throw new IllegalArgumentException(
              "--client-config "
                  + property
                  + ": "
                  + file
                  + " holds no PEM block; give a PEM file or set "
                  + typeProperty
                  + " to its type (JKS or PKCS12)");
        }
      } catch (IOException e) {
        throw unreadable(property, file, "PEM", typeProperty, e);
      }
      return;
    }
    KeyStore store;
    try {
      store = KeyStore.getInstance(kind);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "--client-config "
              + typeProperty
              + "="
              + kind
              + " is not a key store type this Java knows; use JKS, PKCS12 or PEM");
    }
    char[] secret = password == null || password.isEmpty() ? null : password.toCharArray();
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, secret);
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new IllegalArgumentException(
            "--client-config "
                + property
                + ": "
                + file
                + " does not open with "
                + passwordProperty
                + " (wrong password); check "
                + passwordProperty
                + " in --client-config");
      }
      throw unreadable(property, file, kind, typeProperty, e);
    } catch (GeneralSecurityException e) {
      throw unreadable(property, file, kind, typeProperty, e);
    }
  }

  private static IllegalArgumentException unreadable(
      String property, Path file, String kind, String typeProperty, Exception e) {
    return new IllegalArgumentException(
        "--client-config "
            + property
            + ": "
            + file
            + " is not a "
            + kind
            + " key store ("
            + e.getClass().getSimpleName()
            + "); check the file and "
            + typeProperty
            + " (JKS, PKCS12 or PEM)");
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
