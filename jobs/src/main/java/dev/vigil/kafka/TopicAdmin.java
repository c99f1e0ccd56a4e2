package dev.vigil.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;

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
        awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
      }
      return missing.stream().map(NewTopic::name).toList();
    }
  }

  /**
   * Waits until every partition of {@code topics} has a leader that serves requests. A topic is
   * "created" once the controller has it, a moment before each broker leads its partitions; a
   * producer that writes in that moment meets NOT_LEADER_OR_FOLLOWER on some partitions, and the
   * idempotent producer's retry can then be refused with OUT_OF_ORDER_SEQUENCE_NUMBER until the
   * batch expires (seen with Kafka 4.2 on a busy machine: a test's first records were lost after
   * 120 s). Asking each partition's leader for its end offset succeeds only once it leads.
   */
  public static void awaitLeaders(Admin admin, Collection<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        endOffsets(admin, topics);
        return;
      } catch (ExecutionException e) {
        // A broker that has not yet caught up with the controller answers "unknown topic or
        // partition" or "not leader": retriable, so ask again until the leaders serve.
        if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
  }

  /** The end offset of every partition of {@code topics}, each asked of the partition's leader. */
  public static Map<TopicPartition, Long> endOffsets(Admin admin, Collection<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
    for (TopicDescription d :
        admin.describeTopics(topics).allTopicNames().get(60, TimeUnit.SECONDS).values()) {
      for (TopicPartitionInfo p : d.partitions()) {
        ends.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
      }
    }
    Map<TopicPartition, Long> out = new HashMap<>();
    admin
        .listOffsets(ends)
        .all()
        .get(60, TimeUnit.SECONDS)
        .forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  /**
   * The number of partitions of {@code topic}.
   *
   * @throws IllegalArgumentException when the topic does not exist, naming the fix
   */
  public static int partitionCount(Properties clientProperties, String topic)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = Admin.create(clientProperties)) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(60, TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
        throw new IllegalArgumentException(
            "topic "
                + topic
                + " does not exist; create it with 'vigil topics create' (or set"
                + " audit.chain.partitions to the partition count it will have)");
      }
      throw e;
    }
  }
}
