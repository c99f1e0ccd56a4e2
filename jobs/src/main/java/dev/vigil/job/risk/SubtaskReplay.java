package dev.vigil.job.risk;

import dev.vigil.core.engine.CommandFactory;
import dev.vigil.core.engine.CommandTiming;
import dev.vigil.core.engine.Scored;
import dev.vigil.core.engine.SessionRiskEngine;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.policy.EnforcementLevel;
import dev.vigil.core.policy.KillRateBreaker;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.PopulationPrior;
import dev.vigil.core.profile.SessionState;
import dev.vigil.job.audit.AuditPseudonyms;
import dev.vigil.job.cases.CaseOrigin;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.CommandSigner;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;

/**
 * One subtask of the session risk operator replayed without Flink, for {@link FileBacktest}: the
 * events path of {@link SessionRiskFunction#processElement} step for step (the same engine, one per
 * subtask with its own population statistics and kill-rate breaker, the same repeat-kill rule, the
 * same commands and audit records through {@link RiskOutputs}), over {@link ReplayStore} instead of
 * Flink state. No outcomes, shadow model or CAEP: a backtest of a file has none. O(1) per event;
 * allocation only for what is emitted (and a new account's or session's state). Not thread-safe:
 * one per thread.
 */
final class SubtaskReplay {
  private final RiskSettings settings;
  private final RiskModel model;
  private final ReplayStore store;
  private final SessionRiskEngine engine =
      new SessionRiskEngine(new PopulationPrior(), new KillRateBreaker());
  private final Scored scored = new Scored();
  private final RiskOutputs outputs;
  private final long ttlMillis;
  private final List<SessionCommand> commands = new ArrayList<>();
  private final List<RiskDecision> decisions = new ArrayList<>();
  private final List<CaseOrigin> caseOrigins = new ArrayList<>();
  private final Collector<SessionCommand> commandOut =
      new Collector<>() {
        @Override
        public void collect(SessionCommand c) {
          commands.add(c);
        }

        @Override
        public void close() {}
      };
  private long watermark = Long.MIN_VALUE;

  /**
   * @param settings with the command clock the replay issues by (a backtest: event time)
   */
  SubtaskReplay(RiskSettings settings, byte[] modelJson) {
    this.settings = settings;
    this.model = RiskModelLoader.parse(modelJson);
    this.store = new ReplayStore(settings);
    CommandSigner authenticator = CommandAuthentication.of(settings);
    RiskMetrics metrics = new RiskMetrics(new UnregisteredMetricsGroup(), settings, new long[2]);
    this.outputs =
        new RiskOutputs(
            settings, scored, authenticator, null, metrics, AuditPseudonyms.open(settings));
    this.ttlMillis = (long) (model.policy.commandTtlSeconds * 1000);
  }

  /**
   * The event-time watermark moves to {@code w} (never back): timers at or before it fire, and
   * events stamped before it are late.
   */
  void advanceWatermark(long w) {
    if (w > watermark) {
      watermark = w;
      store.advance(w);
    }
  }

  /** Scores one event of an account this subtask holds. */
  void score(AccessEvent event) {
    long time = event.getTimestamp();
    boolean late = time < watermark;
    ReplayStore.Account account = store.account(event.getAccountId());
    AccountProfile profile = ReplayStore.profile(account);
    String sessionId = event.getSessionId();
    SessionState session = store.session(account, sessionId, time);
    boolean fresh = session.events == 0;
    boolean wasKilled = session.events > 0 && session.level == EnforcementLevel.KILLED.ordinal();

    engine.score(profile, session, event, model, scored);
    List<SessionCommand> issued = List.of();
    if (wasKilled) {
      if (time - session.levelSinceMillis >= ttlMillis) {
        session.levelSinceMillis = time;
        issued = List.of(outputs.repeatKill(event, model, timing(event, session)));
      }
    } else if (scored.hasDecision()) {
      issued =
          CommandFactory.commands(
              scored.decision(), event, model.modelVersion, timing(event, session));
    }
    boolean noted = !wasKilled && scored.hasNotes();
    account.profile = profile;
    boolean stored = !fresh || store.admit(account, sessionId, session.startMillis);
    if (stored) {
      account.sessions.put(sessionId, session);
    }
    if (!issued.isEmpty()) {
      outputs.emitCommands(issued, commandOut, null);
    }
    double p = scored.probability();
    double previous = scored.previousProbability();
    if (!issued.isEmpty()
        || noted
        || Math.abs(p - previous) > settings.auditMinProbabilityChange()) {
      RiskDecision d =
          outputs.decision(event, previous, p, issued, model.modelVersion, false, late);
      decisions.add(d);
      outputs.caseOrigins().addTo(d, event, caseOrigins);
    }
    if (stored) {
      store.register(account, store.deadline(session));
    }
  }

  private CommandTiming timing(AccessEvent event, SessionState session) {
    return CommandTiming.of(settings.commandClock(), event.getTimestamp(), session, model.policy);
  }

  /** Commands issued so far (the list grows as events are scored). */
  List<SessionCommand> commands() {
    return commands;
  }

  /** The audit records' network and withdrawal-address origins so far ({@link CaseOrigins}). */
  List<CaseOrigin> caseOrigins() {
    return caseOrigins;
  }

  /** Audit records written so far. */
  List<RiskDecision> decisions() {
    return decisions;
  }
}
