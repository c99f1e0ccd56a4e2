package dev.vigil.cli;

import static dev.vigil.cli.KeyPreflightTest.assertFailure;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS and SASL files a {@code --client-config} names are checked before any Kafka client is
 * made: a missing store, a store its password does not open, a PEM store without PEM, a {@code
 * ${file:...}} reference no provider resolves and a missing JAAS keytab are each one line naming
 * the property, the file and the fix (exit 1); a store that opens lets the command go on to the
 * broker (a closed loopback port here, whose message shows the check passed).
 */
class ClientKeyFilesTest {
  private static final String CLOSED = "127.0.0.1:1";
  private static final String PASSWORD = "store-password-for-the-test";

  @TempDir Path dir;

  @Test
  void aMissingTrustStoreIsNamedWithItsProperty() throws IOException {
    Path missing = dir.resolve("truststore.p12");

    assertFailure(
        topics("ssl.truststore.location=" + missing),
        "--client-config ssl.truststore.location: "
            + missing
            + " does not exist; check ssl.truststore.location in --client-config");
  }

  @Test
  void aKeyStoreItsPasswordDoesNotOpenSaysWrongPasswordAndNeverPrintsIt() throws Exception {
    Path store = pkcs12();

    CliRun run =
        topics(
            "ssl.keystore.type=PKCS12",
            "ssl.keystore.location=" + store,
            "ssl.keystore.password=not-the-password");

    assertFailure(
        run,
        "--client-config ssl.keystore.location: "
            + store
            + " does not open with ssl.keystore.password (wrong password)");
    org.assertj.core.api.Assertions.assertThat(run.err())
        .doesNotContain("not-the-password")
        .doesNotContain(PASSWORD);
  }

  @Test
  void aStoreThatOpensPassesAndTheCommandGoesOnToTheBroker() throws Exception {
    Path store = pkcs12();

    assertFailure(
        topics(
            "ssl.truststore.type=PKCS12",
            "ssl.truststore.location=" + store,
            "ssl.truststore.password=" + PASSWORD),
        "no Kafka broker answered at " + CLOSED);
  }

  @Test
  void aPemStoreWithoutPemAndAStoreOfTheWrongTypeAreNamed() throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
    assertFailure(
        topics("ssl.truststore.type=PEM", "ssl.truststore.location=" + notPem),
        "--client-config ssl.truststore.location: " + notPem + " holds no PEM block");
    assertFailure(
        topics("ssl.truststore.type=JKS", "ssl.truststore.location=" + notPem),
        "--client-config ssl.truststore.location: " + notPem + " is not a JKS key store");
  }

  @Test
  void aFileReferenceNoProviderResolvesAndAMissingKeytabAreNamed() throws IOException {
    assertFailure(
        topics("ssl.truststore.password=${file:" + dir.resolve("secrets") + ":password}"),
        "ssl.truststore.password refers to ${file:");
    Path keytab = dir.resolve("vigil.keytab");
    assertFailure(
        topics(
            "sasl.jaas.config=com.sun.security.auth.module.Krb5LoginModule required"
                + " useKeyTab=true keyTab=\""
                + keytab
                + "\" principal=\"vigil@EXAMPLE.COM\";"),
        "--client-config sasl.jaas.config keyTab: " + keytab + " does not exist");
  }

  @Test
  void aClientConfigThatIsADirectoryIsNamed() {
    assertFailure(
        CliRun.of("topics", "create", "--client-config", dir.toString(), "--timeout", "1s"),
        dir + " is a directory, not a file; give --client-config a file");
  }

  private CliRun topics(String... lines) throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("client.properties"),
            "bootstrap.servers=" + CLOSED + "\n" + String.join("\n", lines) + "\n");
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    return CliRun.of("topics", "create", "--client-config", config.toString(), "--timeout", "1s");
  }

  private Path pkcs12() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setEntry(
        "k",
        new KeyStore.SecretKeyEntry(new SecretKeySpec(new byte[32], "AES")),
        new KeyStore.PasswordProtection(PASSWORD.toCharArray()));
    Path store = dir.resolve("store.p12");
    try (OutputStream out = Files.newOutputStream(store)) {
      ks.store(out, PASSWORD.toCharArray());
    }
    return store;
  }
}
