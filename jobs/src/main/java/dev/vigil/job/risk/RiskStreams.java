package dev.vigil.job.risk;

import dev.vigil.job.cases.CaseOrigin;
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
 * @param caseOrigins enforced decisions that may join a case with their network prefix and
 *     withdrawal address (never written to a topic), or null when the operator emits none
 */
public record RiskStreams(
    DataStream<SessionCommand> commands,
    DataStream<RiskDecision> decisions,
    DataStream<Tuple2<String, String>> caep,
    DataStream<DeadLetter> deadLetters,
    DataStream<CaseOrigin> caseOrigins) {

  /** Outputs without case origins (cases grouped by account only). */
  public RiskStreams(
      DataStream<SessionCommand> commands,
      DataStream<RiskDecision> decisions,
      DataStream<Tuple2<String, String>> caep,
      DataStream<DeadLetter> deadLetters) {
    this(commands, decisions, caep, deadLetters, null);
  }
}
