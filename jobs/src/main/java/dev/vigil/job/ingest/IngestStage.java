package dev.vigil.job.ingest;

import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetter;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Assembles the ingest stage: sources of {@link Ingested} records (Kafka or files, passed in),
 * per-partition event-time watermarks, and the split into events and dead letters. The ingest job
 * and the scoring job both start from here.
 */
public final class IngestStage {
  private IngestStage() {}

  /** A source with the stable name its operator uid derives from. */
  public record NamedSource(String name, Source<Ingested, ?, ?> source) {}

  public static IngestStreams attach(
      StreamExecutionEnvironment env, List<NamedSource> sources, IngestSettings settings) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("the ingest stage needs at least one source");
    }
    long outOfOrderness = settings.maxOutOfOrderness().toMillis();
    WatermarkStrategy<Ingested> watermarks =
        WatermarkStrategy.<Ingested>forGenerator(
                ctx -> new ValidRecordWatermarks<>(outOfOrderness, Ingested::isEvent))
            .withTimestampAssigner(
                (record, kafkaTimestamp) ->
                    record.isEvent() ? record.event.getTimestamp() : kafkaTimestamp)
            .withIdleness(settings.idleTimeout());

    DataStream<Ingested> all = null;
    for (NamedSource named : sources) {
      DataStream<Ingested> stream =
          env.fromSource(named.source(), watermarks, "ingest-" + named.name())
              .uid("ingest-source-" + named.name());
      all = all == null ? stream : all.union(stream);
    }
    SingleOutputStreamOperator<AccessEvent> events =
        all.process(new SplitDeadLetters()).uid("ingest-split").name("validate-and-split");
    DataStream<DeadLetter> deadLetters = events.getSideOutput(SplitDeadLetters.DEAD_LETTERS);
    if (!settings.deadLetterRaw()) {
      deadLetters =
          deadLetters
              .map(DeadLetterRaw::withoutRaw)
              .returns(deadLetters.getType())
              .uid("dead-letter-without-raw")
              .name("dead-letter-without-raw");
    }
    return new IngestStreams(events, deadLetters);
  }
}
