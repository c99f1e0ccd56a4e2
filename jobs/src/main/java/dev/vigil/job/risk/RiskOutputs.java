package dev.vigil.job.risk;

import dev.vigil.audit.Pseudonymiser;
import dev.vigil.core.engine.CommandFactory;
import dev.vigil.core.engine.CommandTiming;
import dev.vigil.core.engine.Scored;
import dev.vigil.core.model.RiskModel;
import dev.vigil.enforce.SecurityEventTokens;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandParameters;
import dev.vigil.schema.CommandSigner;
import dev.vigil.schema.EnforcementOutcome;
import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.Collector;

/**
 * What the session risk operator emits for a scored event: signed commands (main output), their
 * CAEP tokens and risk-band changes, and audit records ({@link SessionRiskFunction#DECISIONS}).
 * Reads the event's result from the operator's shared {@link Scored}; allocates only when it emits.
 */
final class RiskOutputs {
  private final RiskSettings settings;
  private final Scored scored;
  private final CommandSigner authenticator;
  private final SecurityEventTokens caep;
  private final RiskMetrics metrics;
  private final Pseudonymiser pseudonyms;
  private final CaseOrigins caseOrigins;

  /**
   * @param authenticator signs every command, or null (unsigned commands, when allowed)
   * @param caep the CAEP token maker, or null when CAEP is off
   * @param pseudonyms replaces the event's identifiers in audit records, or null (kept as they are)
   */
  RiskOutputs(
      RiskSettings settings,
      Scored scored,
      CommandSigner authenticator,
      SecurityEventTokens caep,
      RiskMetrics metrics,
      Pseudonymiser pseudonyms) {
    this.settings = settings;
    this.scored = scored;
    this.authenticator = authenticator;
    this.caep = caep;
    this.metrics = metrics;
    this.pseudonyms = pseudonyms;
    this.caseOrigins = new CaseOrigins(pseudonyms);
  }

  /** Keys for cross-account cases, pseudonymised as the audit records are. */
  CaseOrigins caseOrigins() {
    return caseOrigins;
  }

  /**
   * Emits the audit record {@code d} of {@code event} ({@link SessionRiskFunction#DECISIONS}) and,
   * when it may join a case, its network and withdrawal address ({@link CaseOrigins#TAG}).
   */
  void emitDecision(RiskDecision d, AccessEvent event, SessionRiskFunction.ReadOnlyContext ctx) {
    ctx.output(SessionRiskFunction.DECISIONS, d);
    caseOrigins.emit(d, event, ctx);
  }

  boolean caepEnabled() {
    return caep != null;
  }

  void emitCommands(
      List<SessionCommand> issued,
      Collector<SessionCommand> out,
      SessionRiskFunction.ReadOnlyContext ctx) {
    for (SessionCommand c : issued) {
      if (authenticator != null) {
        authenticator.sign(c);
      }
      out.collect(c);
      metrics.command(c.getAction());
      if (caep != null) {
        String token = caep.forCommand(c);
        if (token != null) {
          ctx.output(SessionRiskFunction.CAEP, Tuple2.of(c.getSessionId(), token));
        }
      }
    }
  }

  void emitRiskBandChange(
      AccessEvent event, double previous, double p, SessionRiskFunction.ReadOnlyContext ctx) {
    var before =
        SecurityEventTokens.levelOf(previous, settings.riskBandMedium(), settings.riskBandHigh());
    var after = SecurityEventTokens.levelOf(p, settings.riskBandMedium(), settings.riskBandHigh());
    if (before != after) {
      String reason =
          scored.evidence().size() == 0
              ? "risk decayed"
              : CommandFactory.evidenceReasons(scored.evidence()).get(0).getText();
      ctx.output(
          SessionRiskFunction.CAEP,
          Tuple2.of(
              event.getSessionId(),
              caep.riskLevelChange(
                  event.getEventId() + ":risk",
                  event.getTimestamp(),
                  event.getSessionId(),
                  event.getAccountId(),
                  before,
                  after,
                  reason)));
    }
  }

  /**
   * The audit record of the event just scored, its identifiers pseudonymised when configured
   * (before the audit chain links it, so the chain covers the record as written).
   */
  RiskDecision decision(
      AccessEvent event,
      double previous,
      double p,
      List<SessionCommand> issued,
      String modelVersion,
      boolean isShadow,
      boolean late) {
    List<String> ids = new ArrayList<>(issued.size());
    for (SessionCommand c : issued) {
      ids.add(c.getCommandId());
    }
    RiskDecision d =
        RiskDecision.newBuilder()
            .setDecisionId(event.getEventId() + (isShadow ? ":shadow" : ":active"))
            .setSessionId(event.getSessionId())
            .setAccountId(event.getAccountId())
            .setEventId(event.getEventId())
            .setEventTime(event.getTimestamp())
            .setDecidedAt(System.currentTimeMillis())
            .setPreviousProbability(previous)
            .setProbability(p)
            .setEvidence(CommandFactory.evidenceReasons(scored.evidence()))
            .setCommandIds(ids)
            .setModelVersion(modelVersion)
            .setShadow(isShadow)
            .setLate(late)
            .setPolicyNotes(
                scored.hasDecision() || scored.hasNotes()
                    ? CommandFactory.policyNotes(scored.decision())
                    : List.of())
            .build();
    return pseudonyms == null ? d : pseudonyms.apply(d, event);
  }

  /**
   * The audit record of a gateway's outcome ({@link SessionOutcomes}): its id as the event id, the
   * outcome as the one evidence reason, the commands it led to, and the policy's notes when {@code
   * withNotes} (the outcome was scored).
   */
  RiskDecision outcomeDecision(
      EnforcementOutcome o,
      double previous,
      double p,
      Reason reason,
      List<SessionCommand> issued,
      String modelVersion,
      boolean isShadow,
      boolean late,
      boolean withNotes) {
    List<String> ids = new ArrayList<>(issued.size());
    for (SessionCommand c : issued) {
      ids.add(c.getCommandId());
    }
    RiskDecision d =
        RiskDecision.newBuilder()
            .setDecisionId(o.getOutcomeId() + (isShadow ? ":outcome-shadow" : ":outcome"))
            .setSessionId(o.getSessionId())
            .setAccountId(o.getAccountId())
            .setEventId(o.getOutcomeId())
            .setEventTime(o.getTime())
            .setDecidedAt(System.currentTimeMillis())
            .setPreviousProbability(previous)
            .setProbability(p)
            .setEvidence(List.of(reason))
            .setCommandIds(ids)
            .setModelVersion(modelVersion)
            .setShadow(isShadow)
            .setLate(late)
            .setPolicyNotes(
                withNotes && (scored.hasDecision() || scored.hasNotes())
                    ? CommandFactory.policyNotes(scored.decision())
                    : List.of())
            .build();
    return pseudonyms == null ? d : pseudonyms.apply(d, o.getAccountId(), o.getSessionId());
  }

  /**
   * The kill repeated for a killed session that is still in use, with the timing of the event that
   * shows it (a new id, sequence and lifetime).
   */
  SessionCommand repeatKill(AccessEvent event, RiskModel model, CommandTiming timing) {
    return SessionCommand.newBuilder()
        .setCommandId(event.getEventId() + ":kill")
        .setSessionId(event.getSessionId())
        .setAccountId(event.getAccountId())
        .setAction(CommandAction.KILL)
        .setParameters(CommandParameters.newBuilder().build())
        .setIssuedAt(timing.issuedAtMillis())
        .setExpiresAt(timing.expiresAt(CommandAction.KILL, 0))
        .setEventTime(event.getTimestamp())
        .setLateBySeconds(timing.lateBySeconds())
        .setSequence(timing.sequence(0))
        .setProbability(scored.probability())
        .setReasons(
            List.of(
                Reason.newBuilder()
                    .setCode("killed_session_in_use")
                    .setLogLikelihoodRatio(0)
                    .setText("the session was killed earlier and is still making requests")
                    .setValues(Map.of())
                    .build()))
        .setModelVersion(model.modelVersion)
        .setTriggerEventId(event.getEventId())
        .build();
  }
}
