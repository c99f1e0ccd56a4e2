package dev.vigil.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
