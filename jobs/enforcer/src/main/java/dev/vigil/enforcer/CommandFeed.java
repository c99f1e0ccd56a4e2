package dev.vigil.enforcer;

import dev.vigil.schema.SessionCommand;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Feeds {@code vigil.session-commands} into a {@link ReferenceEnforcer}. Every gateway instance
 * reads every partition (any instance may serve any session), so the feed assigns them all itself:
 * no consumer group, nothing committed; it starts at the topic's beginning or at its end ({@link
 * Start}). A gateway starting cold should read back at least the longest command lifetime (24 h for
 * kills and holds with the default model): the topic's retention is one day, so BEGINNING does;
 * older commands are rejected as EXPIRED. Records that are not a SessionCommand are counted ({@link
 * EnforcerStats#malformed()}) and skipped. Not thread-safe except {@link #wakeup}: poll from one
 * thread.
 */
public final class CommandFeed implements AutoCloseable {
  /** Where a feed begins. */
  public enum Start {
    BEGINNING,
    END
  }

  /** Hears every command and what the enforcer did with it (the CLI prints it). */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = (c, r) -> {};

    void accepted(SessionCommand command, ReferenceEnforcer.CommandResult result);
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final ReferenceEnforcer enforcer;
  private final Clock clock;
  private final Listener listener;
  private final List<TopicPartition> partitions;
  private final Map<TopicPartition, Long> endAtStart;

  /**
   * @param client bootstrap.servers and security settings; deserializers are set here
   */
  public CommandFeed(
      Properties client,
      String topic,
      Start start,
      ReferenceEnforcer enforcer,
      Clock clock,
      Listener listener) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer = new KafkaConsumer<>(p);
    this.enforcer = enforcer;
    this.clock = clock;
    this.listener = listener;
    var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      consumer.close();
      throw new IllegalArgumentException("topic " + topic + " does not exist; check --topic");
    }
    this.partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    consumer.assign(partitions);
    if (start == Start.BEGINNING) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
    }
    this.endAtStart = consumer.endOffsets(partitions);
  }

  /** Polls once (waiting up to {@code timeout}) and applies what came; returns how many records. */
  public int pollOnce(Duration timeout) {
    int n = 0;
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
      n++;
      SessionCommand command;
      try {
        command = SessionCommand.getDecoder().decode(r.value());
      } catch (Exception e) {
        enforcer.stats().malformed.increment();
        continue;
      }
      listener.accepted(command, enforcer.accept(command, clock.millis()));
    }
    return n;
  }

  /** Whether the feed has read past every record that was in the topic when it started. */
  public boolean caughtUp() {
    for (TopicPartition tp : partitions) {
      if (consumer.position(tp) < endAtStart.get(tp)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Polls until {@link #wakeup} (from another thread, e.g. a shutdown hook) or, when {@code
   * untilCaughtUp}, until {@link #caughtUp}.
   */
  public void run(boolean untilCaughtUp) {
    try {
      while (!(untilCaughtUp && caughtUp())) {
        pollOnce(Duration.ofMillis(500));
      }
    } catch (WakeupException e) {
      // asked to stop
    }
  }

  /** Makes a running {@link #run} or {@link #pollOnce} return; safe from any thread. */
  public void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
