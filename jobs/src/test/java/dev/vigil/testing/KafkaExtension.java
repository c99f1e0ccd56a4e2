package dev.vigil.testing;

import dev.vigil.kafka.EmbeddedKafka;
import java.util.Properties;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A real single-node KRaft broker with all Vigil topics, for one test class. */
public final class KafkaExtension implements BeforeAllCallback, AfterAllCallback {
  private EmbeddedKafka kafka;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    kafka = EmbeddedKafka.startSingleNode().withAllTopics();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public Properties clientProperties() {
    return kafka.clientProperties();
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }
}
