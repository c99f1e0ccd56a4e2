package dev.vigil.job.risk;

import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The named outputs of the session risk job.
 *
 * @param commands commands to the enforcement layer, signed
 * @param decisions the audit trail: every probability change, active and shadow
 * @param caep CAEP security event tokens as (session id, compact JWS)
 * @param deadLetters rejected input records and rejected models
 */
public record RiskStreams(
    DataStream<SessionCommand> commands,
    DataStream<RiskDecision> decisions,
    DataStream<Tuple2<String, String>> caep,
    DataStream<DeadLetter> deadLetters) {}
