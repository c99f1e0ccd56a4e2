package dev.vigil.job.risk;

import dev.vigil.core.engine.CommandFactory;
import dev.vigil.core.engine.CommandTiming;
import dev.vigil.core.engine.Scored;
import dev.vigil.core.engine.SessionRiskEngine;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.SessionState;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.SessionCommand;
import java.util.List;

/**
 * Scores an event with the shadow model, against the shadow copies of the account's state, with an
 * engine (and kill-rate breaker) of its own. Its decisions go to the audit topic only, marked
 * shadow; it never emits a command.
 */
final class ShadowScorer {
  private final RiskSettings settings;
  private final SessionStore store;
  private final SessionRiskEngine engine;
  private final Scored scored;
  private final RiskOutputs outputs;

  ShadowScorer(
      RiskSettings settings,
      SessionStore store,
      SessionRiskEngine engine,
      Scored scored,
      RiskOutputs outputs) {
    this.settings = settings;
    this.store = store;
    this.engine = engine;
    this.scored = scored;
    this.outputs = outputs;
  }

  SessionRiskEngine engine() {
    return engine;
  }

  /**
   * @param stored whether the active session was stored (a new session beyond the account's cap may
   *     not be; then neither is its shadow copy)
   */
  void score(
      AccessEvent event,
      RiskModel model,
      boolean late,
      boolean stored,
      SessionRiskFunction.ReadOnlyContext ctx)
      throws Exception {
    AccountProfile profile = store.profile(true);
    SessionState session = store.session(true, event.getSessionId(), event.getTimestamp());
    boolean fresh = session.events == 0;
    engine.score(profile, session, event, model, scored);
    store.putProfile(true, profile);
    if (stored || !fresh) {
      // A shadow copy is kept beside its active session (and under the same cap).
      store.putSession(true, event.getSessionId(), session);
    }
    double p = scored.probability();
    double previous = scored.previousProbability();
    if (scored.hasDecision()
        || scored.hasNotes()
        || Math.abs(p - previous) > settings.auditMinProbabilityChange()) {
      List<SessionCommand> wouldIssue =
          scored.hasDecision()
              ? CommandFactory.commands(
                  scored.decision(),
                  event,
                  model.modelVersion,
                  CommandTiming.of(
                      settings.commandClock(), event.getTimestamp(), session, model.policy))
              : List.of();
      ctx.output(
          SessionRiskFunction.DECISIONS,
          outputs.decision(event, previous, p, wouldIssue, model.modelVersion, true, late));
    }
  }
}
