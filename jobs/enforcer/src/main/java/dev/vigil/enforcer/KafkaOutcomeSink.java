package dev.vigil.enforcer;

import dev.vigil.schema.EnforcementOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes outcomes to {@code vigil.enforcement-outcomes} (or another topic), keyed by account id
 * so the session risk job reads them beside the account's events, as Avro single-object encoding.
 * Idempotent producer, {@code acks=all}. Sends are asynchronous; the first send error is rethrown
 * by the next {@link #publish} or by {@link #close}, so a lost outcome is never silent.
 */
public final class KafkaOutcomeSink implements OutcomeSink, AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /** {@code client} holds bootstrap.servers and security settings; serializers are set here. */
  public KafkaOutcomeSink(Properties client, String topic) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    this.producer = new KafkaProducer<>(p);
    this.topic = topic;
  }

  @Override
  public void publish(EnforcementOutcome outcome) {
    rethrow();
    byte[] value;
    try {
      ByteBuffer b = outcome.toByteBuffer();
      value = new byte[b.remaining()];
      b.get(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    producer.send(
        new ProducerRecord<>(topic, outcome.getAccountId(), value),
        (meta, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        });
  }

  /** Waits until every outcome sent so far is acknowledged. */
  public void flush() {
    producer.flush();
    rethrow();
  }

  private void rethrow() {
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException(
          "an enforcement outcome could not be published to " + topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      producer.flush();
    } finally {
      producer.close(Duration.ofSeconds(30));
    }
    rethrow();
  }
}
