package dev.vigil.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {
  @Test
  void threeBrokersKeepAcceptingAcksAllWritesWithOneBrokerDown() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.startThreeBrokers().withAllTopics()) {
      Properties client = kafka.clientProperties();
      try (Admin admin = Admin.create(client)) {
        var description =
            admin
                .describeTopics(List.of(VigilTopic.ACCESS_LOGS.topicName()))
                .allTopicNames()
                .get()
                .get(VigilTopic.ACCESS_LOGS.topicName());
        assertThat(description.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
      }

      kafka.stopBroker(0);
      Properties acksAll = new Properties();
      acksAll.putAll(client);
      acksAll.put("acks", "all");
      List<Outgoing> records =
          IntStream.range(0, 100)
              .mapToObj(i -> new Outgoing(("r" + i).getBytes(StandardCharsets.UTF_8), 0L))
              .toList();
      KafkaTestSupport.sendAll(acksAll, VigilTopic.ACCESS_LOGS.topicName(), records);

      assertThat(KafkaTestSupport.readAll(client, VigilTopic.ACCESS_LOGS.topicName())).hasSize(100);
    }
  }
}
