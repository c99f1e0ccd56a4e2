package dev.vigil.job.exchange;

import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.ExchangeSignal;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The exchange job's outputs.
 *
 * @param signals what the detectors raised, for {@code vigil.signals}
 * @param deadLetters records the ingest stage rejected, with their reasons
 */
public record ExchangeStreams(
    DataStream<ExchangeSignal> signals, DataStream<DeadLetter> deadLetters) {}
