package dev.vigil.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a few topics from their beginning on a thread of its own, as any consumer would (committed
 * records only, no consumer group), and hands each record to {@link #count} under the object's
 * lock, so that a subclass's getters, {@code synchronized} too, are safe to call from another
 * thread. {@link #quietFor} says how long since the topics last grew: the demo waits on it to know
 * its jobs are done writing.
 */
abstract class TopicTally implements Runnable, AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;
  private long lastChangeNanos = System.nanoTime();

  /**
   * @param extra consumer settings beyond the client's (e.g. a larger fetch size)
   */
  TopicTally(Properties client, Map<String, String> extra, String threadName, String... topics) {
    Properties props = new Properties();
    props.putAll(client);
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    props.put("isolation.level", "read_committed");
    props.putAll(extra);
    consumer = new KafkaConsumer<>(props);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this, threadName);
    thread.setDaemon(true);
  }

  /** Counts one record; called on the reading thread, holding this object's lock. */
  abstract void count(ConsumerRecord<byte[], byte[]> r);

  /** Starts reading. */
  final void startReading() {
    thread.start();
  }

  @Override
  public final void run() {
    try {
      while (running) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) {
          continue;
        }
        synchronized (this) {
          for (ConsumerRecord<byte[], byte[]> r : records) {
            count(r);
          }
          lastChangeNanos = System.nanoTime();
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  /** How long since any of the topics last grew. */
  public synchronized Duration quietFor() {
    return Duration.ofNanos(System.nanoTime() - lastChangeNanos);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
  }
}
