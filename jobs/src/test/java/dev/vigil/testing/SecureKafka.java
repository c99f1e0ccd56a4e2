package dev.vigil.testing;

import dev.vigil.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.awaitility.Awaitility;

/**
 * The embedded single-node KRaft broker with a {@code SASL_SSL} listener (SCRAM-SHA-512 over TLS)
 * and Kafka's {@code StandardAuthorizer} denying whatever no ACL allows, for security tests. TLS
 * uses a self-signed EC key made for this run with the JDK's {@code keytool} (subject alternative
 * names localhost and 127.0.0.1, valid 2 days); passwords are random per run and live only in files
 * under the test's directory.
 *
 * <p>Listeners, all on loopback ({@link EmbeddedKafka}): {@code SECURE} (SASL_SSL) for every client
 * under test; {@code EXTERNAL} and {@code CONTROLLER} (PLAINTEXT) carry the node's own inter-broker
 * and controller traffic. Their principal is {@code User:ANONYMOUS}, which must be a super user for
 * the broker to register with its controller; the test uses {@code EXTERNAL} once, to create the
 * SCRAM users (credentials cannot be created over a listener that needs them first). {@code
 * User:admin} (SCRAM) is the other super user.
 */
public final class SecureKafka implements AutoCloseable {
  public static final String LISTENER = "SECURE";

  private final EmbeddedKafka kafka;
  private final Path dir;
  private final String truststorePassword;

  private SecureKafka(EmbeddedKafka kafka, Path dir, String truststorePassword) {
    this.kafka = kafka;
    this.dir = dir;
    this.truststorePassword = truststorePassword;
  }

  /** Starts the broker; {@code dir} receives the key stores and the users' secret files. */
  public static SecureKafka start(Path dir) throws Exception {
    String keystorePassword = randomSecret();
    String truststorePassword = randomSecret();
    Path keystore = dir.resolve("broker.p12");
    Path certificate = dir.resolve("broker.crt");
    Path truststore = dir.resolve("truststore.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        keystorePassword,
        "-keypass",
        keystorePassword);
    keytool(
        "-exportcert",
        "-alias",
        "broker",
        "-keystore",
        keystore.toString(),
        "-storepass",
        keystorePassword,
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "broker",
        "-file",
        certificate.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        truststore.toString(),
        "-storepass",
        truststorePassword);
    String secure = "listener.name." + LISTENER.toLowerCase() + ".";
    EmbeddedKafka kafka =
        EmbeddedKafka.startSingleNode(
            Map.ofEntries(
                Map.entry(
                    "listeners",
                    "EXTERNAL://127.0.0.1:0,CONTROLLER://127.0.0.1:0,"
                        + LISTENER
                        + "://127.0.0.1:0"),
                Map.entry(
                    "listener.security.protocol.map",
                    "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT," + LISTENER + ":SASL_SSL"),
                Map.entry("sasl.enabled.mechanisms", "SCRAM-SHA-512"),
                Map.entry(
                    secure + "scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;"),
                Map.entry(secure + "ssl.keystore.type", "PKCS12"),
                Map.entry(secure + "ssl.keystore.location", keystore.toString()),
                Map.entry(secure + "ssl.keystore.password", keystorePassword),
                Map.entry(secure + "ssl.key.password", keystorePassword),
                Map.entry(
                    "authorizer.class.name",
                    "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
                Map.entry("allow.everyone.if.no.acl.found", "false"),
                Map.entry("super.users", "User:admin;User:ANONYMOUS")));
    return new SecureKafka(kafka, dir, truststorePassword);
  }

  /**
   * Creates SCRAM-SHA-512 users (4096 iterations) in one request, then waits until the broker
   * accepts the first one's login: one request is one metadata batch, so by then it knows them all.
   */
  public void createUsers(Map<String, String> passwords) throws Exception {
    List<UserScramCredentialAlteration> upserts = new ArrayList<>();
    passwords.forEach(
        (user, password) ->
            upserts.add(
                new UserScramCredentialUpsertion(
                    user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)));
    try (Admin bootstrap = Admin.create(kafka.clientProperties())) {
      bootstrap.alterUserScramCredentials(upserts).all().get(60, TimeUnit.SECONDS);
    }
    var first = passwords.entrySet().iterator().next();
    Awaitility.await()
        .atMost(Duration.ofMinutes(1))
        .ignoreExceptions()
        .until(
            () -> {
              try (Admin a = Admin.create(client(first.getKey(), first.getValue()))) {
                return a.describeCluster().clusterId().get(10, TimeUnit.SECONDS) != null;
              }
            });
  }

  /** Creates ACLs as {@code admin} and waits until the broker's authorizer holds all of them. */
  public void createAcls(Properties admin, List<AclBinding> acls) throws Exception {
    try (Admin a = Admin.create(admin)) {
      a.createAcls(acls).all().get(60, TimeUnit.SECONDS);
      Awaitility.await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () ->
                  a.describeAcls(AclBindingFilter.ANY)
                      .values()
                      .get(10, TimeUnit.SECONDS)
                      .containsAll(acls));
    }
  }

  /** The SASL_SSL listener's address. */
  public String bootstrapServers() {
    return "127.0.0.1:" + kafka.boundPort(0, LISTENER);
  }

  /**
   * A client-properties file for {@code user}, as an operator writes it: the password and the trust
   * store's password are not in it but in a secrets file (mode 600) that Kafka's {@code
   * FileConfigProvider} reads when the client starts.
   */
  public Path clientConfigFile(String user, String password) throws IOException {
    Path secrets = dir.resolve(user + "-secrets.properties");
    Files.writeString(
        secrets,
        "jaas=org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";\ntruststore.password="
            + truststorePassword
            + "\n");
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
    Path file = dir.resolve(user + "-client.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "bootstrap.servers=" + bootstrapServers(),
            "security.protocol=SASL_SSL",
            "sasl.mechanism=SCRAM-SHA-512",
            "config.providers=file",
            "config.providers.file.class="
                + "org.apache.kafka.common.config.provider.FileConfigProvider",
            "sasl.jaas.config=${file:" + secrets + ":jaas}",
            "ssl.truststore.type=PKCS12",
            "ssl.truststore.location=" + dir.resolve("truststore.p12"),
            "ssl.truststore.password=${file:" + secrets + ":truststore.password}",
            ""));
    return file;
  }

  /** Client properties of {@code user} with the password inline (for short-lived test clients). */
  public Properties client(String user, String password) {
    Properties p = new Properties();
    p.setProperty("bootstrap.servers", bootstrapServers());
    p.setProperty("security.protocol", "SASL_SSL");
    p.setProperty("sasl.mechanism", "SCRAM-SHA-512");
    p.setProperty(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";");
    p.setProperty("ssl.truststore.type", "PKCS12");
    p.setProperty("ssl.truststore.location", dir.resolve("truststore.p12").toString());
    p.setProperty("ssl.truststore.password", truststorePassword);
    return p;
  }

  public static String randomSecret() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
    }
  }

  @Override
  public void close() throws Exception {
    kafka.close();
  }
}
