package dev.vigil.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates Vigil's topics from {@link VigilTopic}; existing topics are left as they are. */
public final class TopicAdmin {
  private TopicAdmin() {}

  /**
   * Creates the given topics that do not exist yet.
   *
   * @return the names of the topics that were created (not those that already existed)
   */
  public static List<String> createMissing(
      Properties clientProperties, short replicationFactor, Collection<VigilTopic> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = Admin.create(clientProperties)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (VigilTopic topic : topics) {
        if (!existing.contains(topic.topicName())) {
          missing.add(
              new NewTopic(topic.topicName(), topic.partitions(), replicationFactor)
                  .configs(topic.configs()));
        }
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
      }
      return missing.stream().map(NewTopic::name).toList();
    }
  }
}
