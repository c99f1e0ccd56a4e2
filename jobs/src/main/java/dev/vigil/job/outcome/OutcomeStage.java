package dev.vigil.job.outcome;

import dev.vigil.job.ingest.DeadLetterRaw;
import dev.vigil.job.ingest.IngestSettings;
import dev.vigil.job.ingest.ValidRecordWatermarks;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.EnforcementOutcome;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The gateways' outcomes as a stream for the session risk job: the Kafka source of {@code
 * vigil.enforcement-outcomes} (decoded and verified in the source, {@link OutcomeDeserializer}),
 * event time from each outcome's {@code time} with the ingest stage's out-of-orderness (only valid
 * outcomes move it) and idleness (the topic is silent most of the time and must not hold back the
 * events' clock), and the split into outcomes and dead letters.
 */
public final class OutcomeStage {
  static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("outcome-dead-letters") {};

  private OutcomeStage() {}

  /** Verified outcomes, and dead letters of the records refused. */
  public record Streams(
      DataStream<EnforcementOutcome> outcomes, DataStream<DeadLetter> deadLetters) {}

  /** The outcomes topic's source: resumes where the group left off, from the start if new. */
  public static KafkaSource<OutcomeRecord> source(
      Properties client, OutcomeSettings settings, String groupId, IngestSettings ingest) {
    return KafkaSource.<OutcomeRecord>builder()
        .setProperties(client)
        .setTopics(settings.topic())
        .setGroupId(groupId)
        .setClientIdPrefix(groupId + "-outcomes")
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new OutcomeDeserializer(settings, ingest))
        .setProperty("isolation.level", "read_committed")
        .setProperty("partition.discovery.interval.ms", "60000")
        .build();
  }

  public static Streams attach(
      StreamExecutionEnvironment env, Source<OutcomeRecord, ?, ?> source, IngestSettings ingest) {
    long outOfOrderness = ingest.maxOutOfOrderness().toMillis();
    WatermarkStrategy<OutcomeRecord> watermarks =
        WatermarkStrategy.<OutcomeRecord>forGenerator(
                ctx -> new ValidRecordWatermarks<>(outOfOrderness, OutcomeRecord::isOutcome))
            .withTimestampAssigner(
                (r, kafkaTimestamp) -> r.isOutcome() ? r.outcome.getTime() : kafkaTimestamp)
            .withIdleness(ingest.idleTimeout());
    SingleOutputStreamOperator<EnforcementOutcome> outcomes =
        env.fromSource(source, watermarks, "enforcement-outcomes")
            .uid("outcomes-source")
            .process(new Split())
            .uid("outcomes-split")
            .name("verify-outcomes");
    DataStream<DeadLetter> deadLetters = outcomes.getSideOutput(DEAD_LETTERS);
    if (!ingest.deadLetterRaw()) {
      deadLetters =
          deadLetters
              .map(DeadLetterRaw::withoutRaw)
              .returns(deadLetters.getType())
              .uid("outcome-dead-letter-without-raw")
              .name("outcome-dead-letter-without-raw");
    }
    return new Streams(outcomes, deadLetters);
  }

  /** Routes outcomes to the main output and dead letters to {@link #DEAD_LETTERS}. */
  static final class Split extends ProcessFunction<OutcomeRecord, EnforcementOutcome> {
    @Override
    public void processElement(OutcomeRecord r, Context ctx, Collector<EnforcementOutcome> out) {
      if (r.isOutcome()) {
        out.collect(r.outcome);
      } else {
        ctx.output(DEAD_LETTERS, r.deadLetter);
      }
    }
  }
}
