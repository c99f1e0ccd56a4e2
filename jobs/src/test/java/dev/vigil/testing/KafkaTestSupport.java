package dev.vigil.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain Kafka clients for tests: send everything, read a topic to its current end. */
public final class KafkaTestSupport {
  private KafkaTestSupport() {}

  /** A value and the record timestamp to send it with. */
  public record Outgoing(byte[] value, long timestamp) {}

  /** Creates a plain topic for a test's own use. */
  public static void createTopic(Properties client, String topic, int partitions) throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(client)) {
      admin
          .createTopics(
              List.of(
                  new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1)
                      .configs(Map.of("max.message.bytes", String.valueOf(8 << 20)))))
          .all()
          .get();
      dev.vigil.kafka.TopicAdmin.awaitLeaders(admin, List.of(topic));
    }
  }

  /** Sends all records, flushes once, then checks every send succeeded. */
  public static void sendAll(Properties client, String topic, List<Outgoing> records)
      throws Exception {
    Properties props = new Properties();
    props.putAll(client);
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    props.put("max.request.size", String.valueOf(8 << 20));
    props.put("linger.ms", "5");
    List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (Outgoing r : records) {
        acks.add(producer.send(new ProducerRecord<>(topic, null, r.timestamp(), null, r.value())));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get();
      }
    }
  }

  /**
   * Sends records one after another without keeping them: only the first failed send is kept, and
   * the producer's own buffer bounds what is in flight. Checks every send succeeded.
   */
  public static void sendEach(Properties client, String topic, java.util.Iterator<Outgoing> records)
      throws Exception {
    Properties props = new Properties();
    props.putAll(client);
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    props.put("max.request.size", String.valueOf(8 << 20));
    props.put("linger.ms", "5");
    java.util.concurrent.atomic.AtomicReference<Exception> failed =
        new java.util.concurrent.atomic.AtomicReference<>();
    long sent = 0;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      while (records.hasNext()) {
        Outgoing r = records.next();
        producer.send(
            new ProducerRecord<>(topic, null, r.timestamp(), null, r.value()),
            (metadata, e) -> {
              if (e != null) {
                failed.compareAndSet(null, e);
              }
            });
        sent++;
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException(
          "sending " + sent + " records to " + topic + " failed", failed.get());
    }
  }

  /** Sends one keyed record and waits for it to be acknowledged. */
  public static void sendAllKeyed(Properties client, String topic, String key, byte[] value)
      throws Exception {
    Properties props = new Properties();
    props.putAll(client);
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      producer
          .send(
              new ProducerRecord<>(
                  topic, key.getBytes(java.nio.charset.StandardCharsets.UTF_8), value))
          .get();
    }
  }

  /** Every committed record now in the topic, read from the beginning to the current end. */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(Properties client, String topic) {
    Properties props = new Properties();
    props.putAll(client);
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    props.put("isolation.level", "read_committed");
    props.put("max.partition.fetch.bytes", String.valueOf(16 << 20));
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer.poll(Duration.ofMillis(500)).forEach(out::add);
      }
    }
    return out;
  }
}
