package dev.vigil.job.risk;

import dev.vigil.core.engine.CommandFactory;
import dev.vigil.core.engine.CommandTiming;
import dev.vigil.core.engine.Scored;
import dev.vigil.core.engine.SessionRiskEngine;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.policy.EnforcementLevel;
import dev.vigil.core.policy.KillRateBreaker;
import dev.vigil.core.policy.KillRateBreakerMapper;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.PopulationPrior;
import dev.vigil.core.profile.PopulationPriorMapper;
import dev.vigil.core.profile.SessionState;
import dev.vigil.enforce.SecurityEventTokens;
import dev.vigil.enforce.SigningKeys;
import dev.vigil.job.audit.AuditPseudonyms;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.CommandSigner;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import dev.vigil.signing.ModelGate;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The session risk operator, keyed by account: it holds the account's profile and the state of each
 * of its live sessions (so concurrent use of one account's sessions is visible), scores every event
 * with the statistical core, applies the gateways' outcomes ({@link RiskInput}, {@link
 * SessionOutcomes}), and emits commands (main output), audit records, CAEP tokens and reports of
 * rejected models (side outputs).
 *
 * <p>Models arrive as broadcast elements from the compacted {@code vigil.models} topic and take
 * effect from the next event on, on every parallel instance, once {@link ModelGate} has found a
 * valid Ed25519 signature by a trusted publisher key (or the record is unsigned and unsigned models
 * are allowed), signed after the record in force under its key. A record that is refused (unsigned,
 * bad signature, untrusted key, stale, invalid model) is reported once (by subtask 0) as a dead
 * letter and the running model stays; every model change, applied or refused, gets one audit record
 * ({@link ModelChangeRecords}). A shadow model, if published, scores every event too, against its
 * own copy of the state, and its decisions go to the audit topic only, marked as shadow.
 *
 * <p>Per event: one state read and write for the account and the session, the engine's O(1)
 * scoring, and allocation only when something is emitted; a new session adds one entry to the
 * account's bounded session ring, and at the account's cap evicts with a bounded number of probes
 * ({@link SessionStore}: caps, eviction order and the cost bounds). Metrics ({@link RiskMetrics}):
 * the state's bounds, counters {@code sessionsEvicted} (evicted at the cap), {@code
 * sessionsNotStored} (new sessions scored but not kept because every session of the account was
 * acted on) and {@code sessionsExpired}; events, decisions and commands by action, the probability
 * distribution, state counts, model versions, event-time lag and scoring time.
 *
 * <p>This class is the operator's skeleton and delegates: {@link SessionStore} holds the keyed
 * state and the sessions' bookkeeping (the per-account cap and eviction, idle expiry, cleanup
 * timers), {@link RiskOutputs} builds and emits commands, audit records and CAEP tokens, {@link
 * ShadowScorer} scores with the shadow model, {@link ModelBroadcast} applies model-topic records
 * and caches the parsed models, and {@link ExchangeSignals} keeps the exchange job's live signals.
 *
 * <p><b>Kill-rate breaker.</b> Each subtask's engine has its own {@code KillRateBreaker} (rates per
 * subtask), kept in operator state like the population statistics, so a restored job keeps an open
 * breaker open and its baselines. Metrics: gauges {@code killBreakerOpen} (1 when open) and {@code
 * killBreakerTrips}, counters {@code killsDegraded} (kills the open breaker turned into step-ups)
 * and {@code killsWithheld} (kills withheld for want of two kinds of evidence). An operator clears
 * it on every subtask by publishing any record with key {@value #CLEAR_KILL_BREAKER_KEY} to the
 * model topic, signed like a model ({@code vigil publish-model --clear-kill-breaker --signing-key
 * FILE}): an unsigned clear would let anyone who can write to the topic keep the breaker, a defence
 * against mass kills by a poisoned model, from ever opening. The record does not touch the models;
 * its signing time is kept in the broadcast state like a model's ({@link ModelUpdates}), so after a
 * restore the same record read again is refused as stale and does not clear a restored breaker.
 */
public final class SessionRiskFunction
    extends KeyedBroadcastProcessFunction<String, RiskInput, ModelUpdate, SessionCommand>
    implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;

  /**
   * Broadcast state: the validated model JSON per slot, and the signing time of the record last
   * applied per slot ({@link ModelUpdates}).
   */
  public static final MapStateDescriptor<String, byte[]> MODELS =
      new MapStateDescriptor<>(
          "models",
          BasicTypeInfo.STRING_TYPE_INFO,
          PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  public static final OutputTag<RiskDecision> DECISIONS = new OutputTag<>("risk-decisions") {};
  public static final OutputTag<Tuple2<String, String>> CAEP = new OutputTag<>("caep") {};
  public static final OutputTag<DeadLetter> REJECTED_MODELS = new OutputTag<>("rejected-models") {};

  /** Key of a model-topic record that clears the kill-rate breaker (the value is ignored). */
  public static final String CLEAR_KILL_BREAKER_KEY = "clear-kill-breaker";

  private final RiskSettings settings;
  private final byte[] initialModel;

  private transient SessionStore store;
  private transient SessionRiskEngine engine;
  private transient Scored scored;
  private transient ModelBroadcast models;
  private transient RiskOutputs outputs;
  private transient ShadowScorer shadow;
  private transient SessionOutcomes outcomes;
  private transient ExchangeSignals signals;
  private transient RiskMetrics metrics;
  private transient ListState<long[]> countsState;
  private transient long[] restoredCounts;

  /**
   * The subtask's exchange-wide population statistics (active and shadow engine), in operator state
   * so that a restored job scores new accounts and clients as an uninterrupted one would (about 64
   * KiB each, tagged with the subtask's index). Union state: on restore every subtask is given the
   * statistics of every old subtask and keeps those of old subtask {@code index mod old
   * parallelism}. At the same parallelism each subtask gets its own back (an exact restore); at a
   * higher one the new subtasks start from a copy of an old subtask's statistics rather than empty;
   * at a lower one the statistics of the old subtasks beyond the new parallelism are dropped. Each
   * subtask's statistics are a sample of the population by account hash and only their ratios are
   * used, so any old subtask's is as good a prior as another's: a smaller sample is noisier, not
   * biased. The cost: a restore reads every old subtask's statistics (128 KiB each) on every
   * subtask.
   */
  private transient ListState<byte[]> priorState;

  private transient ListState<byte[]> shadowPriorState;
  private transient PopulationPrior restoredPrior;
  private transient PopulationPrior restoredShadowPrior;

  /**
   * The subtask's kill-rate breakers (active and shadow engine) in operator state, about 1.2 KiB
   * each ({@link KillRateBreakerMapper}), tagged and picked like the statistics: at the same
   * parallelism each subtask gets its own back; at another, a copy of old subtask {@code index mod
   * old parallelism}'s (rates are per subtask over a sample of the accounts by hash, so an old
   * subtask's rates are as good a start as another's; a storm reaches every subtask).
   */
  private transient ListState<byte[]> breakerState;

  private transient ListState<byte[]> shadowBreakerState;
  private transient KillRateBreaker restoredBreaker;
  private transient KillRateBreaker restoredShadowBreaker;

  /**
   * @param initialModel the model JSON in force until one arrives on the model topic
   */
  public SessionRiskFunction(RiskSettings settings, byte[] initialModel) {
    this.settings = settings;
    this.initialModel = initialModel.clone();
    RiskModelLoader.parse(initialModel); // fail fast, on the client, on a bad model
  }

  @Override
  public void open(OpenContext openContext) {
    metrics =
        new RiskMetrics(
            getRuntimeContext().getMetricGroup(),
            settings,
            restoredCounts != null ? restoredCounts : new long[2]);
    restoredCounts = null;
    store = new SessionStore(getRuntimeContext(), settings, metrics);

    engine =
        new SessionRiskEngine(
            restoredPrior != null ? restoredPrior : new PopulationPrior(),
            restoredBreaker != null ? restoredBreaker : new KillRateBreaker());
    scored = new Scored();
    models = new ModelBroadcast(settings, initialModel);
    CommandSigner authenticator = CommandAuthentication.of(settings);
    SecurityEventTokens caep = null;
    if (settings.caepEnabled()) {
      var signer = SigningKeys.caepSigner(settings.caepKeyFile(), settings.caepKeyEnv());
      if (signer == null) {
        throw new IllegalStateException(
            "CAEP is enabled but has no signing key: set "
                + settings.caepKeyEnv()
                + " or a key file");
      }
      caep = new SecurityEventTokens(settings.caepIssuer(), settings.caepAudience(), signer);
    }
    outputs =
        new RiskOutputs(
            settings, scored, authenticator, caep, metrics, AuditPseudonyms.open(settings));
    shadow =
        new ShadowScorer(
            settings,
            store,
            new SessionRiskEngine(
                restoredShadowPrior != null ? restoredShadowPrior : new PopulationPrior(),
                restoredShadowBreaker != null ? restoredShadowBreaker : new KillRateBreaker()),
            scored,
            outputs);
    outcomes =
        new SessionOutcomes(
            settings,
            store,
            engine,
            shadow.engine(),
            scored,
            outputs,
            getRuntimeContext().getMetricGroup().addGroup(RiskMetrics.GROUP));
    restoredPrior = null;
    restoredShadowPrior = null;
    restoredBreaker = null;
    restoredShadowBreaker = null;
    var breaker = engine.killBreaker();
    var group = getRuntimeContext().getMetricGroup().addGroup(RiskMetrics.GROUP);
    group.gauge("killBreakerOpen", (Gauge<Integer>) () -> breaker.isOpen() ? 1 : 0);
    group.gauge("killBreakerTrips", (Gauge<Long>) breaker::trips);
    signals = new ExchangeSignals(engine, shadow.engine(), group);
  }

  @Override
  public void initializeState(FunctionInitializationContext ctx) throws Exception {
    var store = ctx.getOperatorStateStore();
    priorState = SubtaskStates.union(store, "population-priors");
    shadowPriorState = SubtaskStates.union(store, "shadow-population-priors");
    breakerState = SubtaskStates.union(store, "kill-rate-breakers");
    countsState = RiskMetrics.countsState(store);
    shadowBreakerState = SubtaskStates.union(store, "shadow-kill-rate-breakers");
    if (ctx.isRestored()) {
      int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
      var priors = PopulationPriorMapper.INSTANCE;
      var breakers = KillRateBreakerMapper.INSTANCE;
      restoredPrior = SubtaskStates.pick(priorState, subtask, priors);
      restoredShadowPrior = SubtaskStates.pick(shadowPriorState, subtask, priors);
      restoredBreaker = SubtaskStates.pick(breakerState, subtask, breakers);
      restoredShadowBreaker = SubtaskStates.pick(shadowBreakerState, subtask, breakers);
      restoredCounts = RiskMetrics.restoredCounts(countsState);
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
    int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    var priors = PopulationPriorMapper.INSTANCE;
    var breakers = KillRateBreakerMapper.INSTANCE;
    priorState.update(List.of(SubtaskStates.tagged(subtask, priors, engine.population())));
    shadowPriorState.update(
        List.of(SubtaskStates.tagged(subtask, priors, shadow.engine().population())));
    breakerState.update(List.of(SubtaskStates.tagged(subtask, breakers, engine.killBreaker())));
    shadowBreakerState.update(
        List.of(SubtaskStates.tagged(subtask, breakers, shadow.engine().killBreaker())));
    metrics.snapshotCounts(countsState);
  }

  /** An access event is scored; a gateway's outcome goes to {@link SessionOutcomes}. */
  @Override
  public void processElement(RiskInput in, ReadOnlyContext ctx, Collector<SessionCommand> out)
      throws Exception {
    ReadOnlyBroadcastState<String, byte[]> broadcast = ctx.getBroadcastState(MODELS);
    RiskModel model = models.active(broadcast.get(ModelSlot.ACTIVE.key()));
    metrics.activeModel(model);
    signals.load(broadcast);
    boolean late = ctx.timestamp() != null && ctx.timestamp() < ctx.currentWatermark();
    if (in.outcome != null) {
      byte[] shadowJson = broadcast.get(ModelSlot.SHADOW.key());
      outcomes.apply(
          in.outcome, model, shadowJson == null ? null : models.shadow(shadowJson), late, ctx, out);
      return;
    }
    AccessEvent event = in.event;
    long timing = metrics.eventIn(event.getTimestamp());

    AccountProfile profile = store.profile(false);
    boolean newAccount = store.profileWasAbsent();
    String sessionId = event.getSessionId();
    SessionState session = store.session(false, sessionId, event.getTimestamp());
    boolean fresh = session.events == 0;
    long deadlineBefore = fresh ? Long.MIN_VALUE : store.deadline(session);
    boolean newSession = store.sessionWasAbsent();
    boolean wasKilled = session.events > 0 && session.level == EnforcementLevel.KILLED.ordinal();

    engine.score(profile, session, event, model, scored);
    metrics.evidenceNotFinite(scored.evidence().notFinite());
    List<SessionCommand> issued = List.of();
    long ttlMillis = (long) (model.policy.commandTtlSeconds * 1000);
    if (wasKilled) {
      // A killed session still in use: the gateway missed or lost the kill. Repeat it, at most
      // once per command lifetime (levelSinceMillis marks the last kill); nothing else applies.
      if (event.getTimestamp() - session.levelSinceMillis >= ttlMillis) {
        session.levelSinceMillis = event.getTimestamp();
        issued = List.of(outputs.repeatKill(event, model, timing(event, session, model)));
      }
    } else if (scored.hasDecision()) {
      // Issued now (settings.commandClock()), valid for a lifetime from now: a kill decided while
      // catching up on a backlog is not published already expired. Ids and sequences depend only
      // on the events, so a replay issues the same commands.
      issued =
          CommandFactory.commands(
              scored.decision(), event, model.modelVersion, timing(event, session, model));
    }
    boolean noted = !wasKilled && scored.hasNotes();
    if (noted) {
      metrics.notes(scored.decision());
    }
    store.putProfile(false, profile);
    if (newAccount) {
      metrics.accountsInState.inc();
    }
    // A new session beyond the account's cap evicts an old one, or is not stored at all when they
    // are all acted on; it is scored either way.
    boolean stored = !fresh || store.admit(sessionId, session.startMillis);
    if (stored) {
      store.putSession(false, sessionId, session);
      if (newSession) {
        metrics.sessionsInState.inc();
      }
    }

    // Scoring time: up to here (state, engine, commands built); emitting can wait on back pressure.
    metrics.eventDone(timing);
    if (!issued.isEmpty()) {
      outputs.emitCommands(issued, out, ctx);
    }
    double p = scored.probability();
    double previous = scored.previousProbability();
    metrics.probability(p);
    if (!issued.isEmpty()
        || noted
        || Math.abs(p - previous) > settings.auditMinProbabilityChange()) {
      var d = outputs.decision(event, previous, p, issued, model.modelVersion, false, late);
      outputs.emitDecision(d, event, ctx); // with its network and address (CaseOrigins)
      metrics.decision(issued);
    }
    if (outputs.caepEnabled()) {
      outputs.emitRiskBandChange(event, previous, p, ctx);
    }
    // Timers only free memory and a sweep timer is pending while the ring holds sessions (each
    // sweep sets the next): an unmoved deadline minute skips the timer queue (5-7%, issue 13).
    if (stored) {
      long deadline = store.deadline(session);
      if (deadline != deadlineBefore) {
        ctx.timerService().registerEventTimeTimer(deadline);
      }
    }

    byte[] shadowJson = broadcast.get(ModelSlot.SHADOW.key());
    RiskModel shadowModel = shadowJson == null ? null : models.shadow(shadowJson);
    metrics.shadowModel(shadowModel);
    if (shadowModel != null) {
      shadow.score(event, shadowModel, late, stored, ctx);
    }
  }

  private CommandTiming timing(AccessEvent event, SessionState session, RiskModel model) {
    return CommandTiming.of(settings.commandClock(), event.getTimestamp(), session, model.policy);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SessionCommand> out)
      throws Exception {
    long next = store.sweep(timestamp);
    if (next != Long.MIN_VALUE) {
      ctx.timerService().registerEventTimeTimer(next);
    }
  }

  long sessionsExpired() {
    return metrics.sessionsExpired.getCount();
  }

  long sessionsEvicted() {
    return metrics.sessionsEvicted.getCount();
  }

  long sessionsNotStored() {
    return metrics.sessionsNotStored.getCount();
  }

  /** The operator's metrics (tests read the state counts). */
  RiskMetrics metrics() {
    return metrics;
  }

  /** The operator's session store (tests read its bounds and state-access count). */
  SessionStore sessionStore() {
    return store;
  }

  @Override
  public void processBroadcastElement(
      ModelUpdate update, Context ctx, Collector<SessionCommand> out) throws Exception {
    if (signals.apply(update, ctx.getBroadcastState(MODELS))) {
      return;
    }
    // Every parallel instance sees the same broadcast element; one report is enough.
    boolean reporter = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
    models.apply(update, ctx.getBroadcastState(MODELS), engine, shadow.engine(), reporter, ctx);
  }
}
