package dev.vigil.cli;

import dev.vigil.job.config.JobConfig;
import dev.vigil.kafka.VigilTopic;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The preflight check that the topics a job uses exist with the partitions of their definition
 * ({@link VigilTopic}), before any job starts: a missing topic would otherwise be created by the
 * broker with its default partitions (or fail the job in a restart loop), and a different count
 * changes which instance owns which key. Topics renamed in the configuration are checked for
 * presence only ({@link #partitionsProblem}). A failing check is one line naming the topic and the
 * fix, exit 1. Other errors (authorization) are left to the command, which explains them.
 */
final class TopicCheck {
  private TopicCheck() {}

  /** The topics the session risk job of {@code cfg} uses, by name, with their definitions. */
  static Map<String, VigilTopic> riskJob(JobConfig cfg) {
    Map<String, VigilTopic> out = new LinkedHashMap<>();
    List<VigilTopic> configurable =
        List.of(
            VigilTopic.ACCESS_LOGS,
            VigilTopic.ACCESS_EVENTS,
            VigilTopic.MODELS,
            VigilTopic.SESSION_COMMANDS,
            VigilTopic.RISK_DECISIONS,
            VigilTopic.DEAD_LETTER,
            VigilTopic.CAEP);
    for (String name : RunFailure.topics(cfg).keySet()) {
      for (VigilTopic t : configurable) {
        if (name.equals(cfg.optional(key(t)))) {
          out.put(name, t);
        }
      }
    }
    return out;
  }

  /** The exchange job's topics under their configured names: its inputs, signals, dead letters. */
  static Map<String, VigilTopic> exchangeJob(JobConfig cfg) {
    Map<String, VigilTopic> out = new LinkedHashMap<>();
    if (cfg.bool("inputs.json")) {
      out.put(cfg.string("topics.access-logs"), VigilTopic.ACCESS_LOGS);
    }
    if (cfg.bool("inputs.avro")) {
      out.put(cfg.string("topics.access-events"), VigilTopic.ACCESS_EVENTS);
    }
    out.put(cfg.string("topics.signals"), VigilTopic.SIGNALS);
    out.put(cfg.string("topics.dead-letter"), VigilTopic.DEAD_LETTER);
    return out;
  }

  /** {@code topics} under their own names. */
  static Map<String, VigilTopic> byName(VigilTopic... topics) {
    Map<String, VigilTopic> out = new LinkedHashMap<>();
    for (VigilTopic t : topics) {
      out.put(t.topicName(), t);
    }
    return out;
  }

  /** The configuration key that names {@code t} ({@code topics.access-events}, ...). */
  static String key(VigilTopic t) {
    return "topics." + t.topicName().substring("vigil.".length());
  }

  /**
   * Each topic of {@code topics} (name to definition) exists at the brokers of {@code client} with
   * the definition's partitions; else throws the one line for the first that does not.
   */
  static void present(Properties client, Duration timeout, Map<String, VigilTopic> topics) {
    int ms = (int) Math.max(1, timeout.toMillis());
    Properties p = new Properties();
    p.putAll(client);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(ms));
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(ms));
    String brokers = client.getProperty("bootstrap.servers");
    try (Admin admin = Admin.create(p)) {
      Map<String, KafkaFuture<TopicDescription>> described =
          admin
              .describeTopics(topics.keySet(), new DescribeTopicsOptions().timeoutMs(ms))
              .topicNameValues();
      for (Map.Entry<String, VigilTopic> e : topics.entrySet()) {
        String problem = problem(e.getKey(), e.getValue(), described.get(e.getKey()), ms, brokers);
        if (problem != null) {
          throw new RunFailure.Failed(problem);
        }
      }
    }
  }

  private static String problem(
      String name, VigilTopic definition, KafkaFuture<TopicDescription> f, int ms, String brokers) {
    int partitions;
    try {
      partitions = f.get(ms + 1_000L, TimeUnit.MILLISECONDS).partitions().size();
    } catch (ExecutionException ex) {
      if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
        return missing(name, definition, brokers);
      }
      return null; // authorization and the like: the command explains those in its own terms
    } catch (TimeoutException ex) {
      return null; // the broker answered the reachability check; the job reports what follows
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing the topics", ex);
    }
    return partitionsProblem(name, definition, partitions, brokers);
  }

  /**
   * The line for {@code partitions} on topic {@code name}, or null when they are right: a topic
   * under its definition's own name (as {@code vigil topics create} makes it) must have the
   * definition's partitions; one renamed in the configuration was made by the operator, who chose
   * its partitions (tests and benchmarks use one), so only its presence is checked.
   */
  static String partitionsProblem(
      String name, VigilTopic definition, int partitions, String brokers) {
    if (!name.equals(definition.topicName()) || partitions == definition.partitions()) {
      return null;
    }
    return mismatch(name, definition, partitions, brokers);
  }

  static String missing(String name, VigilTopic definition, String brokers) {
    if (name.equals(definition.topicName())) {
      return "topic "
          + name
          + " does not exist at "
          + brokers
          + "; create Vigil's topics with: vigil topics create -b "
          + brokers;
    }
    return "topic "
        + name
        + " (named by "
        + key(definition)
        + ") does not exist at "
        + brokers
        + "; create it with "
        + definition.partitions()
        + " partitions and the settings 'vigil topics list' shows for "
        + definition.topicName();
  }

  static String mismatch(String name, VigilTopic definition, int partitions, String brokers) {
    String fix =
        partitions < definition.partitions()
            ? "add partitions with: kafka-topics.sh --bootstrap-server "
                + brokers
                + " --alter --topic "
                + name
                + " --partitions "
                + definition.partitions()
            : "delete it and recreate it with: vigil topics create -b " + brokers;
    return "topic "
        + name
        + " has "
        + partitions
        + (partitions == 1 ? " partition" : " partitions")
        + " where Vigil's definition has "
        + definition.partitions()
        + "; "
        + fix;
  }
}
