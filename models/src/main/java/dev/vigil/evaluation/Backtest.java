package dev.vigil.evaluation;

import dev.vigil.core.engine.CommandFactory;
import dev.vigil.core.engine.CommandTiming;
import dev.vigil.core.engine.IssueClock;
import dev.vigil.core.engine.Scored;
import dev.vigil.core.engine.SessionRiskEngine;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.policy.KillRateBreaker;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.PopulationPrior;
import dev.vigil.core.profile.SessionState;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import dev.vigil.sim.LabelWriter;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.SimulationResult;
import dev.vigil.sim.Simulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays access events through {@link SessionRiskEngine} exactly as the streaming job does (one
 * {@link AccountProfile} per account, one {@link SessionState} per session, one {@link
 * PopulationPrior} for the whole replay, events in the order given), collects the commands it would
 * send and every event's probability, and scores them against the simulator's labels.
 *
 * <p>Commands are issued at the trigger event's time, so {@code vigil evaluate} places them on the
 * simulated clock. Memory: the states (bounded per account and session, see their classes) plus 20
 * bytes per recorded event for the per-event calibration (about 100 MB for 5 million events; a
 * simulation's warm-up is scored but not recorded). Not thread-safe.
 */
public final class Backtest {
  private final RiskModel model;
  private final SessionRiskEngine engine = new SessionRiskEngine(new PopulationPrior());
  private final Scored scored = new Scored();
  private final Map<String, AccountProfile> accounts = new HashMap<>();
  private final Map<String, SessionTrace> sessions = new HashMap<>();
  private final List<SessionTrace> sessionOrder = new ArrayList<>();
  private final List<SessionCommand> commands = new ArrayList<>();
  private final long recordFromMillis;

  private float[] logOdds = new float[1 << 16];
  private float[] probability = new float[1 << 16];
  private int[] sessionIndex = new int[1 << 16];
  private long[] time = new long[1 << 16];
  private int events;

  public Backtest(RiskModel model) {
    this(model, Long.MIN_VALUE);
  }

  /**
   * @param recordFromMillis events before this instant (a warm-up) are scored, so they teach the
   *     profiles and may trigger commands, but their probabilities are not kept for calibration
   */
  public Backtest(RiskModel model, long recordFromMillis) {
    this.model = model;
    this.recordFromMillis = recordFromMillis;
  }

  /** What a simulation replayed through the engine gives. */
  public record Result(
      SimulationResult simulation,
      List<SessionLabel> labels,
      Backtest backtest,
      EvaluationReport report,
      EventCalibration eventCalibration) {

    /** The tables of {@code vigil evaluate}, followed by the per-event calibration. */
    public String table() {
      return ReportTable.render(report) + "\n" + eventCalibration.render();
    }
  }

  /**
   * Simulates {@code config} in memory and replays every event (warm-up included) in file order.
   */
  public static Result simulate(SimulationConfig config, RiskModel model) {
    Backtest b = new Backtest(model, config.startMs());
    EventLineDecoder decoder = new EventLineDecoder();
    Simulator sim = new Simulator(config);
    try {
      SimulationResult r =
          sim.run((json, length, t, user) -> b.score(decoder.decode(json, length)));
      ByteArrayOutputStream labelBytes = new ByteArrayOutputStream();
      LabelWriter.write(sim.sessions(), config.seed(), labelBytes);
      List<SessionLabel> labels =
          EvaluationFiles.parseLabels(labelBytes.toString(StandardCharsets.UTF_8));
      return new Result(r, labels, b, b.evaluate(labels), b.eventCalibration(labels));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The replay's kill-rate breaker (one, like the job's per subtask): whether and how it tripped.
   */
  public KillRateBreaker killBreaker() {
    return engine.killBreaker();
  }

  /** Scores one event; events must come in the order the job would see them. */
  public void score(AccessEvent e) {
    AccountProfile a = accounts.computeIfAbsent(e.getAccountId(), k -> new AccountProfile());
    SessionTrace s = sessions.get(e.getSessionId());
    if (s == null) {
      s = new SessionTrace(e.getSessionId(), e.getAccountId(), sessionOrder.size());
      sessions.put(s.id, s);
      sessionOrder.add(s);
    }
    engine.score(a, s.state, e, model, scored);
    double p = scored.probability();
    s.maxProbability = Math.max(s.maxProbability, p);
    s.lastEventId = e.getEventId();
    s.lastTime = e.getTimestamp();
    if (e.getTimestamp() >= recordFromMillis) {
      s.events++;
      record(s.index, s.state.logOdds, p, e.getTimestamp());
    }
    if (scored.hasDecision()) {
      commands.addAll(
          CommandFactory.commands(
              scored.decision(),
              e,
              model.modelVersion,
              CommandTiming.of(IssueClock.EVENT_TIME, e.getTimestamp(), s.state, model.policy)));
    }
  }

  private void record(int session, double lo, double p, long t) {
    if (events == logOdds.length) {
      int n = events * 2;
      logOdds = Arrays.copyOf(logOdds, n);
      probability = Arrays.copyOf(probability, n);
      sessionIndex = Arrays.copyOf(sessionIndex, n);
      time = Arrays.copyOf(time, n);
    }
    logOdds[events] = (float) lo;
    probability[events] = (float) p;
    sessionIndex[events] = session;
    time[events] = t;
    events++;
  }

  public List<SessionCommand> commands() {
    return commands;
  }

  public int events() {
    return events;
  }

  /**
   * One {@link RiskDecision} per session carrying its maximum probability: what {@code vigil
   * evaluate}'s calibration reads (it keeps each session's maximum anyway).
   */
  public List<RiskDecision> sessionMaxima() {
    List<RiskDecision> out = new ArrayList<>(sessionOrder.size());
    for (SessionTrace s : sessionOrder) {
      out.add(
          RiskDecision.newBuilder()
              .setDecisionId(s.id + ":max")
              .setSessionId(s.id)
              .setAccountId(s.account)
              .setEventId(s.lastEventId)
              .setEventTime(s.lastTime)
              .setDecidedAt(s.lastTime)
              .setPreviousProbability(0.0)
              .setProbability(s.maxProbability)
              .setModelVersion(model.modelVersion)
              .build());
    }
    return out;
  }

  /** The report of {@code vigil evaluate} for these labels, with calibration by session maximum. */
  public EvaluationReport evaluate(List<SessionLabel> labels) {
    return Evaluator.evaluate(labels, commands, sessionMaxima());
  }

  /** Per-event calibration against the labels (see {@link EventCalibration}). */
  public EventCalibration eventCalibration(List<SessionLabel> labels) {
    return EventCalibration.of(this, labels, null);
  }

  /** The raw filter log-odds, probability, session and time of every event, for fitting. */
  EventTrace trace(List<SessionLabel> labels) {
    Map<String, SessionLabel> byId = new HashMap<>();
    for (SessionLabel l : labels) {
      byId.put(l.sessionId(), l);
    }
    int n = sessionOrder.size();
    boolean[] evaluated = new boolean[n];
    boolean[] hostile = new boolean[n];
    long[] takeover = new long[n];
    int[] count = new int[n];
    for (SessionTrace s : sessionOrder) {
      SessionLabel l = byId.get(s.id);
      evaluated[s.index] = l != null && !l.warmup() && !l.attempt();
      hostile[s.index] = l != null && l.compromised();
      takeover[s.index] = l != null && l.takeoverTime() != null ? l.takeoverTime() : Long.MAX_VALUE;
      count[s.index] = s.events;
    }
    return new EventTrace(
        events, logOdds, probability, sessionIndex, time, evaluated, hostile, takeover, count);
  }

  /**
   * What was recorded per event, with each session's ground truth: {@code hostile} sessions are
   * held by an attacker from {@code takeover} (epoch ms) on.
   */
  record EventTrace(
      int events,
      float[] logOdds,
      float[] probability,
      int[] session,
      long[] time,
      boolean[] evaluated,
      boolean[] hostile,
      long[] takeover,
      int[] sessionEvents) {

    /** Whether an attacker controls the session at event {@code i}. */
    boolean attacked(int i) {
      int s = session[i];
      return hostile[s] && time[i] >= takeover[s];
    }

    /** The event's share of its session's recorded events: every session weighs 1 in total. */
    double weight(int i) {
      return 1.0 / sessionEvents[session[i]];
    }
  }

  private static final class SessionTrace {
    final String id;
    final String account;
    final int index;
    final SessionState state = new SessionState();
    double maxProbability;
    int events;
    String lastEventId;
    long lastTime;

    SessionTrace(String id, String account, int index) {
      this.id = id;
      this.account = account;
      this.index = index;
    }
  }
}
