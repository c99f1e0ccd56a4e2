package dev.vigil.job.risk;

import dev.vigil.core.engine.CommandFactory;
import dev.vigil.core.engine.CommandTiming;
import dev.vigil.core.engine.OutcomeEffect;
import dev.vigil.core.engine.OutcomeEffects;
import dev.vigil.core.engine.Scored;
import dev.vigil.core.engine.SessionRiskEngine;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.SessionState;
import dev.vigil.schema.EnforcementOutcome;
import dev.vigil.schema.Reason;
import dev.vigil.schema.SessionCommand;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * What the session risk operator does with a gateway's outcome (issue 11), already verified by the
 * outcome source: the effect on the session is the engine's ({@link
 * SessionRiskEngine#applyOutcome}, ratios in {@code StepUpOutcomes}); this class reads and writes
 * the state and emits. Per outcome, for the active model and then the shadow one:
 *
 * <ul>
 *   <li>an outcome for a session Vigil does not hold (never seen, ended, or already ended by an
 *       outcome) changes nothing and is recorded with probability 0 and the reason saying so;
 *   <li>a re-sent outcome (same id among the session's last eight) changes nothing and is not
 *       recorded again;
 *   <li>SESSION_ENDED, or APPLIED with action KILL, drops the session's state, active and shadow
 *       (its entry in the account's ring goes at the next sweep, and the sweep clears the ring and
 *       stops the account's timers once no session is left);
 *   <li>a step-up outcome moves the probability, and may issue commands (a kill after a failed
 *       step-up): ids {@code outcomeId:action}, sequences after the last event's ({@link
 *       CommandTiming#forOutcome});
 *   <li>every other outcome is recorded only.
 * </ul>
 *
 * Each recorded outcome is one audit record ({@link RiskOutputs#outcomeDecision}, decision id
 * {@code outcomeId:outcome}, the outcome as its one reason with the LLR applied, e.g. {@code
 * step_up_failed}). Commands from an outcome get their CAEP tokens like any; the CAEP risk-level
 * change event stays tied to access events. O(1) state calls per outcome. Metrics (group {@code
 * vigil_risk}): {@code outcomes}, {@code outcomesDuplicate}, {@code outcomesForUnknownSessions},
 * {@code sessionsEndedByGateway}.
 */
final class SessionOutcomes {
  private final RiskSettings settings;
  private final SessionStore store;
  private final SessionRiskEngine engine;
  private final SessionRiskEngine shadowEngine;
  private final Scored scored;
  private final RiskOutputs outputs;
  private final Counter outcomes;
  private final Counter duplicates;
  private final Counter unknown;
  private final Counter ended;

  SessionOutcomes(
      RiskSettings settings,
      SessionStore store,
      SessionRiskEngine engine,
      SessionRiskEngine shadowEngine,
      Scored scored,
      RiskOutputs outputs,
      org.apache.flink.metrics.MetricGroup metrics) {
    this.settings = settings;
    this.store = store;
    this.engine = engine;
    this.shadowEngine = shadowEngine;
    this.scored = scored;
    this.outputs = outputs;
    outcomes = metrics.counter("outcomes");
    duplicates = metrics.counter("outcomesDuplicate");
    unknown = metrics.counter("outcomesForUnknownSessions");
    ended = metrics.counter("sessionsEndedByGateway");
  }

  /**
   * @param shadowModel the shadow model, or null when there is none
   * @param late the outcome arrived behind the watermark
   */
  void apply(
      EnforcementOutcome o,
      RiskModel model,
      RiskModel shadowModel,
      boolean late,
      SessionRiskFunction.ReadOnlyContext ctx,
      Collector<SessionCommand> out)
      throws Exception {
    outcomes.inc();
    String sessionId = o.getSessionId();
    SessionState session = store.knownSession(false, sessionId, o.getTime());
    if (session == null) {
      unknown.inc();
      Reason r = OutcomeEffects.reason(o, 0);
      r.setText(
          r.getText() + "; Vigil holds no state for the session (ended or never seen): no effect");
      ctx.output(
          SessionRiskFunction.DECISIONS,
          outputs.outcomeDecision(o, 0, 0, r, List.of(), model.modelVersion, false, late, false));
      return;
    }
    AccountProfile profile = store.profile(false);
    OutcomeEffect effect = engine.applyOutcome(profile, session, o, model, scored);
    if (effect == OutcomeEffect.DUPLICATE) {
      duplicates.inc();
      return;
    }
    List<SessionCommand> issued = List.of();
    if (effect == OutcomeEffect.SESSION_ENDED) {
      store.end(sessionId);
      ended.inc();
    } else {
      if (scored.hasDecision()) {
        issued =
            CommandFactory.commands(
                scored.decision(),
                o.getOutcomeId(),
                sessionId,
                o.getAccountId(),
                o.getTime(),
                model.modelVersion,
                CommandTiming.of(settings.commandClock(), o.getTime(), session, model.policy)
                    .forOutcome());
      }
      store.putProfile(false, profile); // a step-up or kill takes back what the session taught
      store.putSession(false, sessionId, session);
    }
    if (!issued.isEmpty()) {
      outputs.emitCommands(issued, out, ctx);
    }
    ctx.output(
        SessionRiskFunction.DECISIONS,
        outputs.outcomeDecision(
            o,
            scored.previousProbability(),
            scored.probability(),
            OutcomeEffects.reason(o, scored.outcomeLlr()),
            issued,
            model.modelVersion,
            false,
            late,
            true));
    if (shadowModel != null && effect != OutcomeEffect.SESSION_ENDED) {
      applyToShadow(o, shadowModel, late, ctx);
    }
  }

  /** The same against the shadow copy, recorded as shadow; never a command. */
  private void applyToShadow(
      EnforcementOutcome o, RiskModel model, boolean late, SessionRiskFunction.ReadOnlyContext ctx)
      throws Exception {
    SessionState session = store.knownSession(true, o.getSessionId(), o.getTime());
    if (session == null) {
      return;
    }
    AccountProfile profile = store.profile(true);
    OutcomeEffect effect = shadowEngine.applyOutcome(profile, session, o, model, scored);
    if (effect == OutcomeEffect.DUPLICATE || effect == OutcomeEffect.SESSION_ENDED) {
      return;
    }
    store.putProfile(true, profile);
    store.putSession(true, o.getSessionId(), session);
    List<SessionCommand> wouldIssue =
        scored.hasDecision()
            ? CommandFactory.commands(
                scored.decision(),
                o.getOutcomeId(),
                o.getSessionId(),
                o.getAccountId(),
                o.getTime(),
                model.modelVersion,
                CommandTiming.of(settings.commandClock(), o.getTime(), session, model.policy)
                    .forOutcome())
            : List.of();
    ctx.output(
        SessionRiskFunction.DECISIONS,
        outputs.outcomeDecision(
            o,
            scored.previousProbability(),
            scored.probability(),
            OutcomeEffects.reason(o, scored.outcomeLlr()),
            wouldIssue,
            model.modelVersion,
            true,
            late,
            true));
  }
}
