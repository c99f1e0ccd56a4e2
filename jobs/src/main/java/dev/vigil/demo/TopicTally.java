package dev.vigil.demo;

import dev.vigil.kafka.VigilTopic;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.DeadLetterReason;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts what the ingest wrote, by reading its output topics like any consumer would: valid events
 * on vigil.access-events, dead letters by reason on vigil.dead-letter. Runs on its own thread.
 */
public final class TopicTally implements Runnable, AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AtomicLong valid = new AtomicLong();
  private final AtomicLongArray byReason = new AtomicLongArray(DeadLetterReason.values().length);
  private final Thread thread;
  private volatile boolean running = true;

  public TopicTally(Properties client) {
    Properties props = new Properties();
    props.putAll(client);
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    props.put("isolation.level", "read_committed");
    consumer = new KafkaConsumer<>(props);
    List<TopicPartition> partitions = new java.util.ArrayList<>();
    for (VigilTopic topic : List.of(VigilTopic.ACCESS_EVENTS, VigilTopic.DEAD_LETTER)) {
      for (int p = 0; p < topic.partitions(); p++) {
        partitions.add(new TopicPartition(topic.topicName(), p));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this, "vigil-topic-tally");
    thread.setDaemon(true);
  }

  public TopicTally start() {
    thread.start();
    return this;
  }

  @Override
  public void run() {
    String deadLetterTopic = VigilTopic.DEAD_LETTER.topicName();
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.topic().equals(deadLetterTopic)) {
            byReason.incrementAndGet(reasonOf(r.value()).ordinal());
          } else {
            valid.incrementAndGet();
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  private static DeadLetterReason reasonOf(byte[] value) {
    try {
      return DeadLetter.getDecoder().decode(value).getReason();
    } catch (Exception e) {
      return DeadLetterReason.OTHER;
    }
  }

  public long valid() {
    return valid.get();
  }

  public long deadLettered() {
    long sum = 0;
    for (int i = 0; i < byReason.length(); i++) {
      sum += byReason.get(i);
    }
    return sum;
  }

  /** Dead letters by reason, only the reasons seen. */
  public Map<DeadLetterReason, Long> deadLettersByReason() {
    Map<DeadLetterReason, Long> out = new EnumMap<>(DeadLetterReason.class);
    for (DeadLetterReason r : DeadLetterReason.values()) {
      long n = byReason.get(r.ordinal());
      if (n > 0) {
        out.put(r, n);
      }
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
  }
}
