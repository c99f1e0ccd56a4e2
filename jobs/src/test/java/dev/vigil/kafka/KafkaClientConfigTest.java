package dev.vigil.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientConfigTest {
  @TempDir Path dir;

  @Test
  void bootstrapServersOnTheCommandLineOverrideTheFile() throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(file, "bootstrap.servers=file:9092\nsecurity.protocol=SASL_SSL\n");

    Properties props = KafkaClientConfig.load("cli:9092", file);

    assertThat(props.getProperty("bootstrap.servers")).isEqualTo("cli:9092");
    assertThat(props.getProperty("security.protocol")).isEqualTo("SASL_SSL");
  }

  @Test
  void describeHidesSecretsButShowsWhereTheyLive() {
    Properties props = new Properties();
    props.setProperty("bootstrap.servers", "b:9093");
    props.setProperty("sasl.jaas.config", "org.apache...PlainLoginModule password=\"hunter2\";");
    props.setProperty("ssl.truststore.password", "changeit");
    props.setProperty("ssl.key.password", "k3y");
    props.setProperty("ssl.truststore.location", "/etc/vigil/truststore.p12");

    String described = KafkaClientConfig.describe(props);

    assertThat(described)
        .doesNotContain("hunter2", "changeit", "k3y")
        .contains("sasl.jaas.config=[hidden]")
        .contains("ssl.truststore.location=/etc/vigil/truststore.p12")
        .contains("bootstrap.servers=b:9093");
  }

  @Test
  void noBrokerAnywhereIsAnErrorThatNamesBothWays() {
    assertThatThrownBy(() -> KafkaClientConfig.load(null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--bootstrap-servers")
        .hasMessageContaining("--client-config");
  }

  @Test
  void anUnauthenticatedConnectionIsRefusedWithTheFixUnlessInsecure() {
    Properties plaintext = KafkaClientConfig.load("b:9092", null);
    Properties tlsOnly = KafkaClientConfig.load("b:9093", null);
    tlsOnly.setProperty("security.protocol", "SSL");

    for (Properties p : List.of(plaintext, tlsOnly)) {
      assertThatThrownBy(() -> KafkaClientConfig.requireAuthentication(p, false, "run"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("run refuses a Kafka connection without authentication")
          .hasMessageContaining("security.protocol=SASL_SSL")
          .hasMessageContaining("--insecure");
      assertThat(KafkaClientConfig.requireAuthentication(p, true, "run"))
          .contains("without authentication");
    }
    assertThatThrownBy(() -> KafkaClientConfig.requireAuthentication(plaintext, false, "run"))
        .hasMessageContaining("security.protocol=PLAINTEXT");
  }

  @Test
  void saslSslAndMutualTlsPassAndSaslOverPlaintextIsAWarning() {
    Properties sasl = new Properties();
    sasl.setProperty("security.protocol", "sasl_ssl");
    Properties mutualTls = new Properties();
    mutualTls.setProperty("security.protocol", "SSL");
    mutualTls.setProperty("ssl.keystore.location", "/etc/vigil/client.p12");
    Properties saslPlain = new Properties();
    saslPlain.setProperty("security.protocol", "SASL_PLAINTEXT");

    assertThat(KafkaClientConfig.requireAuthentication(sasl, false, "run")).isNull();
    assertThat(KafkaClientConfig.requireAuthentication(mutualTls, false, "run")).isNull();
    assertThat(KafkaClientConfig.requireAuthentication(saslPlain, false, "run"))
        .contains("unencrypted");
  }

  @Test
  void describeHidesEveryKindOfSecretKafkaClientsTake() {
    Properties props = new Properties();
    props.setProperty("ssl.keystore.password", "s1");
    props.setProperty("ssl.keystore.key", "-----BEGIN PRIVATE KEY----- s2");
    props.setProperty("sasl.oauthbearer.client.credentials.client.secret", "s3");
    props.setProperty("basic.auth.user.info", "user:s4");
    props.setProperty("security.protocol", "SASL_SSL");

    String described = KafkaClientConfig.describe(props);

    assertThat(described).doesNotContain("s1", "s2", "s3", "s4").contains("SASL_SSL");
  }

  @Test
  void aFileHoldingASecretItselfMustBePrivateAReferenceNeedNotBe() throws Exception {
    Path inline = dir.resolve("inline.properties");
    Files.writeString(
        inline,
        "bootstrap.servers=b:9093\nsecurity.protocol=SASL_SSL\n"
            + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"job\" password=\"hunter2\";\n");
    Path reference = dir.resolve("reference.properties");
    Files.writeString(
        reference, "bootstrap.servers=b:9093\nsasl.jaas.config=${env:VIGIL_KAFKA_JAAS}\n");
    Files.setPosixFilePermissions(inline, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(reference, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> KafkaClientConfig.load(null, inline))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds sasl.jaas.config itself")
        .hasMessageContaining("chmod 600")
        .hasMessageNotContaining("hunter2");
    assertThat(KafkaClientConfig.load(null, reference).getProperty("sasl.jaas.config"))
        .isEqualTo("${env:VIGIL_KAFKA_JAAS}");
    Files.setPosixFilePermissions(inline, PosixFilePermissions.fromString("rw-------"));
    assertThat(KafkaClientConfig.load(null, inline).getProperty("security.protocol"))
        .isEqualTo("SASL_SSL");
  }
}
