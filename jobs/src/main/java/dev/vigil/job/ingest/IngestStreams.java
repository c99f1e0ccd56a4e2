package dev.vigil.job.ingest;

import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetter;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The named outputs of the ingest stage.
 *
 * @param events validated access events, with event-time timestamps and watermarks
 * @param deadLetters every rejected record with its reason
 */
public record IngestStreams(DataStream<AccessEvent> events, DataStream<DeadLetter> deadLetters) {}
