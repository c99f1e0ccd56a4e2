package dev.vigil.job.ingest;

import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetter;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The ingest job: log shippers' JSON in, the Avro contract out, bad records to the dead-letter
 * topic. Sources and sinks are arguments, so tests and the CLI wire the same graph to different
 * ends.
 */
public final class IngestJob {
  public static final String NAME = "vigil-ingest";

  private IngestJob() {}

  public static IngestStreams build(
      StreamExecutionEnvironment env,
      List<IngestStage.NamedSource> sources,
      Sink<AccessEvent> eventSink,
      Sink<DeadLetter> deadLetterSink,
      IngestSettings settings) {
    IngestStreams streams = IngestStage.attach(env, sources, settings);
    streams.events().sinkTo(eventSink).uid("ingest-events-sink").name("access-events");
    streams.deadLetters().sinkTo(deadLetterSink).uid("ingest-dead-letter-sink").name("dead-letter");
    return streams;
  }
}
