package dev.vigil.job.risk;

import dev.vigil.core.engine.CommandFactory;
import dev.vigil.core.engine.Scored;
import dev.vigil.core.engine.SessionRiskEngine;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.policy.EnforcementLevel;
import dev.vigil.core.policy.PolicyNote;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.PopulationPrior;
import dev.vigil.core.profile.SessionState;
import dev.vigil.enforce.RotatingCommandSigner;
import dev.vigil.enforce.SecurityEventTokens;
import dev.vigil.enforce.SigningKeys;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandParameters;
import dev.vigil.schema.CommandSigner;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import dev.vigil.signing.ModelGate;
import dev.vigil.signing.TrustedKeys;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The session risk operator, keyed by account: it holds the account's profile and the state of each
 * of its live sessions (so concurrent use of one account's sessions is visible), scores every event
 * with the statistical core, and emits commands (main output), audit records, CAEP tokens and
 * reports of rejected models (side outputs).
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
 * scoring, and allocation only when something is emitted.
 *
 * <p><b>Kill-rate breaker.</b> Each subtask's engine has its own {@code KillRateBreaker} (rates per
 * subtask, not checkpointed). Metrics: gauges {@code killBreakerOpen} (1 when open) and {@code
 * killBreakerTrips}, counters {@code killsDegraded} (kills the open breaker turned into step-ups)
 * and {@code killsWithheld} (kills withheld for want of two kinds of evidence). An operator clears
 * it on every subtask by publishing any record with key {@value #CLEAR_KILL_BREAKER_KEY} to the
 * model topic, signed like a model ({@code vigil publish-model --clear-kill-breaker --signing-key
 * FILE}): an unsigned clear would let anyone who can write to the topic keep the breaker, a defence
 * against mass kills by a poisoned model, from ever opening. The record does not touch the models,
 * and replaying it after a restart clears a breaker that starts closed anyway.
 */
public final class SessionRiskFunction
    extends KeyedBroadcastProcessFunction<String, AccessEvent, ModelUpdate, SessionCommand> {
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

  private static final long TIMER_GRANULARITY_MILLIS = 60_000;

  /** Key of a model-topic record that clears the kill-rate breaker (the value is ignored). */
  public static final String CLEAR_KILL_BREAKER_KEY = "clear-kill-breaker";

  private final RiskSettings settings;
  private final byte[] initialModel;

  private transient ValueState<AccountProfile> account;
  private transient MapState<String, SessionState> sessions;
  private transient ValueState<AccountProfile> shadowAccount;
  private transient MapState<String, SessionState> shadowSessions;

  private transient SessionRiskEngine engine;
  private transient SessionRiskEngine shadowEngine;
  private transient Scored scored;
  private transient RiskModel defaultModel;
  private transient CachedModel active;
  private transient CachedModel shadow;
  private transient CommandSigner authenticator;
  private transient ModelUpdates modelUpdates;
  private transient SecurityEventTokens caep;
  private transient Counter events;

  /** Evidence terms left out because their log-likelihood ratio was NaN: alert on any. */
  private transient Counter evidenceNotFinite;

  private transient Counter commands;
  private transient Counter decisions;
  private transient Counter sessionsExpired;
  private transient Counter killsDegraded;
  private transient Counter killsWithheld;

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
    StateTtlConfig sessionTtl =
        StateTtlConfig.newBuilder(settings.sessionStateTtl())
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build();
    StateTtlConfig accountTtl =
        StateTtlConfig.newBuilder(settings.accountStateTtl())
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build();
    account = getRuntimeContext().getState(accountDescriptor("account-profile", accountTtl));
    sessions = getRuntimeContext().getMapState(sessionsDescriptor("sessions", sessionTtl));
    shadowAccount =
        getRuntimeContext().getState(accountDescriptor("shadow-account-profile", accountTtl));
    shadowSessions =
        getRuntimeContext().getMapState(sessionsDescriptor("shadow-sessions", sessionTtl));

    engine = new SessionRiskEngine(new PopulationPrior());
    shadowEngine = new SessionRiskEngine(new PopulationPrior());
    scored = new Scored();
    defaultModel = RiskModelLoader.parse(initialModel);
    modelUpdates =
        new ModelUpdates(
            new ModelGate(
                TrustedKeys.load(settings.trustedModelKeys()), settings.allowUnsignedModels()));
    authenticator =
        RotatingCommandSigner.of(
            settings.commandSigningKeyFile(),
            settings.commandSigningKeyEnv(),
            settings.commandKeyFile(),
            settings.commandKeyEnv(),
            settings.commandHmacLegacyForm());
    if (authenticator == null && settings.requireSignedCommands()) {
      throw new IllegalStateException(
          "no command key: set "
              + settings.commandSigningKeyEnv()
              + " or commands.signing-key-file (Ed25519), or "
              + settings.commandKeyEnv()
              + " or commands.key-file (HMAC), or allow unsigned commands explicitly");
    }
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
    var metrics = getRuntimeContext().getMetricGroup().addGroup("vigil_risk");
    events = metrics.counter("events");
    commands = metrics.counter("commands");
    decisions = metrics.counter("decisions");
    sessionsExpired = metrics.counter("sessionsExpired");
    killsDegraded = metrics.counter("killsDegraded");
    killsWithheld = metrics.counter("killsWithheld");
    evidenceNotFinite = metrics.counter("evidenceNotFinite");
    var breaker = engine.killBreaker();
    metrics.gauge("killBreakerOpen", (Gauge<Integer>) () -> breaker.isOpen() ? 1 : 0);
    metrics.gauge("killBreakerTrips", (Gauge<Long>) breaker::trips);
  }

  private static ValueStateDescriptor<AccountProfile> accountDescriptor(
      String name, StateTtlConfig ttl) {
    ValueStateDescriptor<AccountProfile> d =
        new ValueStateDescriptor<>(name, AccountProfileSerializer.INSTANCE);
    d.enableTimeToLive(ttl);
    return d;
  }

  private static MapStateDescriptor<String, SessionState> sessionsDescriptor(
      String name, StateTtlConfig ttl) {
    MapStateDescriptor<String, SessionState> d =
        new MapStateDescriptor<>(name, StringSerializer.INSTANCE, SessionStateSerializer.INSTANCE);
    d.enableTimeToLive(ttl);
    return d;
  }

  @Override
  public void processElement(AccessEvent event, ReadOnlyContext ctx, Collector<SessionCommand> out)
      throws Exception {
    events.inc();
    ReadOnlyBroadcastState<String, byte[]> models = ctx.getBroadcastState(MODELS);
    RiskModel model = activeModel(models.get(ModelSlot.ACTIVE.key()));
    boolean late = ctx.timestamp() != null && ctx.timestamp() < ctx.currentWatermark();

    AccountProfile profile = account.value();
    if (profile == null) {
      profile = new AccountProfile();
    }
    String sessionId = event.getSessionId();
    SessionState session = sessions.get(sessionId);
    if (session == null || idleExpired(session, event.getTimestamp())) {
      // Expiry is decided by event time here, not by when a timer happened to fire, so a replay
      // makes the same decisions as the live run; the timers only free the memory.
      session = new SessionState();
    }
    boolean wasKilled = session.events > 0 && session.level == EnforcementLevel.KILLED.ordinal();

    engine.score(profile, session, event, model, scored);
    if (scored.evidence().notFinite() > 0) {
      evidenceNotFinite.inc(scored.evidence().notFinite());
    }
    List<SessionCommand> issued = List.of();
    long ttlMillis = (long) (model.policy.commandTtlSeconds * 1000);
    if (wasKilled) {
      // A killed session still in use: the gateway missed or lost the kill. Repeat it, at most
      // once per command lifetime (levelSinceMillis marks the last kill); nothing else applies.
      if (event.getTimestamp() - session.levelSinceMillis >= ttlMillis) {
        session.levelSinceMillis = event.getTimestamp();
        issued = List.of(repeatKill(event, model));
      }
    } else if (scored.hasDecision()) {
      // The trigger's event time is the issue time, so a replay issues the same commands; the
      // command expires a TTL later.
      issued =
          CommandFactory.commands(
              scored.decision(), event, model.modelVersion, event.getTimestamp(), ttlMillis);
    }
    boolean noted = !wasKilled && scored.hasNotes();
    if (noted) {
      countNotes();
    }
    account.update(profile);
    sessions.put(sessionId, session);

    if (!issued.isEmpty()) {
      emitCommands(issued, out, ctx);
    }
    double p = scored.probability();
    double previous = scored.previousProbability();
    if (!issued.isEmpty()
        || noted
        || Math.abs(p - previous) > settings.auditMinProbabilityChange()) {
      ctx.output(DECISIONS, decision(event, previous, p, issued, model.modelVersion, false, late));
      decisions.inc();
    }
    if (caep != null) {
      emitRiskBandChange(event, previous, p, ctx);
    }
    ctx.timerService().registerEventTimeTimer(idleDeadline(session));

    byte[] shadowJson = models.get(ModelSlot.SHADOW.key());
    if (shadowJson != null) {
      scoreShadow(event, shadowModel(shadowJson), late, ctx);
    }
  }

  private void countNotes() {
    if (scored.decision().hasNote(PolicyNote.KILL_BREAKER_OPEN)) {
      killsDegraded.inc();
    }
    if (scored.decision().hasNote(PolicyNote.KILL_WITHHELD_SINGLE_KIND)) {
      killsWithheld.inc();
    }
  }

  private void emitCommands(
      List<SessionCommand> issued, Collector<SessionCommand> out, ReadOnlyContext ctx) {
    for (SessionCommand c : issued) {
      if (authenticator != null) {
        authenticator.sign(c);
      }
      out.collect(c);
      commands.inc();
      if (caep != null) {
        String token = caep.forCommand(c);
        if (token != null) {
          ctx.output(CAEP, Tuple2.of(c.getSessionId(), token));
        }
      }
    }
  }

  private void emitRiskBandChange(
      AccessEvent event, double previous, double p, ReadOnlyContext ctx) {
    var before =
        SecurityEventTokens.levelOf(previous, settings.riskBandMedium(), settings.riskBandHigh());
    var after = SecurityEventTokens.levelOf(p, settings.riskBandMedium(), settings.riskBandHigh());
    if (before != after) {
      String reason =
          scored.evidence().size() == 0
              ? "risk decayed"
              : CommandFactory.evidenceReasons(scored.evidence()).get(0).getText();
      ctx.output(
          CAEP,
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

  private void scoreShadow(AccessEvent event, RiskModel model, boolean late, ReadOnlyContext ctx)
      throws Exception {
    AccountProfile profile = shadowAccount.value();
    if (profile == null) {
      profile = new AccountProfile();
    }
    SessionState session = shadowSessions.get(event.getSessionId());
    if (session == null || idleExpired(session, event.getTimestamp())) {
      session = new SessionState();
    }
    shadowEngine.score(profile, session, event, model, scored);
    shadowAccount.update(profile);
    shadowSessions.put(event.getSessionId(), session);
    double p = scored.probability();
    double previous = scored.previousProbability();
    if (scored.hasDecision()
        || scored.hasNotes()
        || Math.abs(p - previous) > settings.auditMinProbabilityChange()) {
      List<SessionCommand> wouldIssue =
          scored.hasDecision()
              ? CommandFactory.commands(
                  scored.decision(), event, model.modelVersion, event.getTimestamp(), 0)
              : List.of();
      ctx.output(
          DECISIONS, decision(event, previous, p, wouldIssue, model.modelVersion, true, late));
    }
  }

  private RiskDecision decision(
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
    return RiskDecision.newBuilder()
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
  }

  private SessionCommand repeatKill(AccessEvent event, RiskModel model) {
    long now = event.getTimestamp();
    return SessionCommand.newBuilder()
        .setCommandId(event.getEventId() + ":kill")
        .setSessionId(event.getSessionId())
        .setAccountId(event.getAccountId())
        .setAction(CommandAction.KILL)
        .setParameters(CommandParameters.newBuilder().build())
        .setIssuedAt(now)
        .setExpiresAt(now + (long) (model.policy.commandTtlSeconds * 1000))
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

  private long idleMillis(SessionState session) {
    return session.commandedIdleSeconds > 0
        ? session.commandedIdleSeconds * 1000L
        : settings.defaultIdleTimeout().toMillis();
  }

  /**
   * Whether the session has ended by idleness. A killed session never does: it is remembered until
   * its state TTL, so a stolen token that is still being used gets killed again.
   */
  private boolean idleExpired(SessionState session, long nowMillis) {
    return session.events > 0
        && session.level != EnforcementLevel.KILLED.ordinal()
        && nowMillis - session.lastMillis >= idleMillis(session);
  }

  /** The cleanup timer: rounded up so an account's sessions share a few timers. */
  private long idleDeadline(SessionState session) {
    long deadline = session.lastMillis + idleMillis(session);
    return (deadline / TIMER_GRANULARITY_MILLIS + 1) * TIMER_GRANULARITY_MILLIS;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SessionCommand> out)
      throws Exception {
    // The account profile stays (with its own TTL): it makes the owner's next session familiar.
    expireIdle(sessions, timestamp);
    expireIdle(shadowSessions, timestamp);
  }

  private void expireIdle(MapState<String, SessionState> map, long now) throws Exception {
    Iterator<Map.Entry<String, SessionState>> it = map.iterator();
    while (it.hasNext()) {
      SessionState s = it.next().getValue();
      if (idleExpired(s, now)) {
        it.remove();
        sessionsExpired.inc();
      }
    }
    if (map.isEmpty()) {
      map.clear(); // drops the account's (empty) entry from the state backend too
    }
  }

  @Override
  public void processBroadcastElement(
      ModelUpdate update, Context ctx, Collector<SessionCommand> out) throws Exception {
    BroadcastState<String, byte[]> models = ctx.getBroadcastState(MODELS);
    // Every parallel instance sees the same broadcast element; one report is enough.
    boolean reporter = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
    modelUpdates.apply(
        update,
        models,
        () -> {
          // The operator's reset, on every subtask, at the breaker's own event-time clock (the
          // active model's half-lives serve the shadow engine's breaker too).
          var rules = activeModel(models.get(ModelSlot.ACTIVE.key())).policy.response;
          engine.killBreaker().clear(Long.MIN_VALUE, rules);
          shadowEngine.killBreaker().clear(Long.MIN_VALUE, rules);
        },
        d -> {
          if (reporter) {
            ctx.output(DECISIONS, d);
          }
        },
        d -> {
          if (reporter) {
            ctx.output(REJECTED_MODELS, d);
          }
        });
  }

  private RiskModel activeModel(byte[] json) {
    if (json == null) {
      return defaultModel;
    }
    if (active == null || active.json != json) {
      active = new CachedModel(json, RiskModelLoader.parse(json));
    }
    return active.model;
  }

  private RiskModel shadowModel(byte[] json) {
    if (shadow == null || shadow.json != json) {
      shadow = new CachedModel(json, RiskModelLoader.parse(json));
    }
    return shadow.model;
  }

  /** A parsed model and the exact bytes it came from (compared by identity per event). */
  private record CachedModel(byte[] json, RiskModel model) {}
}
