package dev.vigil.job.ingest;

import dev.vigil.job.kafka.KafkaConnections;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetter;
import java.util.List;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The production wiring of the ingest job to Kafka: JSON access logs in, Avro access events and
 * dead letters out, both at least once (an event's id makes a replayed copy recognisable).
 */
public final class IngestPipeline {
  private IngestPipeline() {}

  /**
   * @param groupId the consumer group of the access-log source
   * @param bounded stop at the end of what is in the topic at start (a backfill)
   */
  public static void build(
      StreamExecutionEnvironment env,
      Properties client,
      IngestSettings settings,
      String groupId,
      boolean bounded) {
    IngestJob.build(
        env,
        List.of(
            new IngestStage.NamedSource(
                "json",
                KafkaConnections.ingestSource(
                    client,
                    VigilTopic.ACCESS_LOGS.topicName(),
                    RecordFormat.JSON,
                    groupId,
                    settings,
                    bounded))),
        KafkaConnections.avroSink(
            client,
            VigilTopic.ACCESS_EVENTS.topicName(),
            AccessEvent.class,
            AccessEvent::getAccountId,
            DeliveryGuarantee.AT_LEAST_ONCE,
            null),
        KafkaConnections.avroSink(
            client,
            VigilTopic.DEAD_LETTER.topicName(),
            DeadLetter.class,
            dl -> null,
            DeliveryGuarantee.AT_LEAST_ONCE,
            null),
        settings);
  }
}
