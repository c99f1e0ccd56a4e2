package dev.vigil.job.risk;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.PolicyNote;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.SessionCommand;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The session risk operator's metrics, in the group {@value #GROUP} of each subtask (Flink's metric
 * system: the Web UI, the REST API and any reporter, e.g. Prometheus as {@code
 * flink_taskmanager_job_task_operator_vigil_risk_NAME}; README, "Metrics"):
 *
 * <ul>
 *   <li>counters {@code events} (scored), {@code decisions} by label {@code action} (audit records
 *       of the active model, by the strongest command they issued, {@code none} for none), {@code
 *       commands} by label {@code action}, {@code scored} by label {@code band} (events whose
 *       probability is in the CAEP risk band low, medium or high); the state bounds' {@code
 *       sessionsExpired}, {@code sessionsEvicted}, {@code sessionsNotStored}; the policy's {@code
 *       killsDegraded}, {@code killsWithheld}; {@code evidenceNotFinite}
 *   <li>histograms {@code probabilityPpm} (each event's compromise probability in parts per
 *       million, the last {@value #WINDOW} events) and {@code scoringNanos} (time to score one
 *       event: state reads and writes, the engine, the commands built; emitting, which waits on
 *       back pressure, and the shadow model not included; one event in {@value #SAMPLE_EVERY}
 *       sampled, the last {@value #TIMING_WINDOW} samples): Prometheus gets them as summaries with
 *       quantiles
 *   <li>gauges {@code sessionsInState} and {@code accountsInState}, {@code eventTimeLagMillis} (the
 *       wall clock less the latest event time this subtask scored), {@code model_version_inForce}
 *       (1 for the version in force, labels {@code model} = active or shadow and {@code version})
 * </ul>
 *
 * <p><b>State counts.</b> {@code sessionsInState} is sessions stored less sessions expired or
 * evicted; sessions that the 25-hour state TTL backstop drops unseen ({@link
 * RiskSettings#sessionStateTtl()}) are not subtracted. {@code accountsInState} counts profiles
 * created; a profile leaves state only by its TTL ({@link RiskSettings#accountStateTtl()}), which
 * Flink does unseen, so it is an upper bound (an account that returns after its profile expired is
 * counted again). Both are kept in operator state (plain list state, redistributed on rescale), so
 * the sum over subtasks, the figure to watch, survives restarts and rescaling; a single subtask's
 * figure may be off, or below zero, after a rescale moved its keys.
 *
 * <p><b>Cost per event: O(1), no allocation</b>: counter increments, two comparisons, one write
 * into the probability histogram's ring of doubles (uncontended lock) and, on one event in {@value
 * #SAMPLE_EVERY}, two {@code System.nanoTime()} calls. Metric objects are made in {@code open()}; a
 * new model version registers one gauge when first seen (at most {@value #MAX_VERSIONS} per slot
 * and subtask). Counters and plain fields are read by the reporter thread without synchronisation,
 * as Flink's own {@code SimpleCounter} is.
 */
final class RiskMetrics {
  static final String GROUP = "vigil_risk";
  static final int WINDOW = 10_000;
  static final int TIMING_WINDOW = 1_024;
  static final int SAMPLE_EVERY = 64;
  static final int MAX_VERSIONS = 16;

  /** Command actions from the weakest to the strongest, for a decision's label. */
  private static final CommandAction[] SEVERITY = {
    CommandAction.OTHER,
    CommandAction.SET_TIMEOUT,
    CommandAction.SET_RATE_LIMIT,
    CommandAction.HOLD_WITHDRAWALS,
    CommandAction.STEP_UP,
    CommandAction.KILL
  };

  private final MetricGroup group;
  final Counter events;
  final Counter sessionsExpired;
  final Counter sessionsEvicted;
  final Counter sessionsNotStored;
  final Counter sessionsInState;
  final Counter accountsInState;
  private final Counter killsDegraded;
  private final Counter killsWithheld;
  private final Counter evidenceNotFinite;
  private final Counter decisionsWithoutCommand;
  private final Counter[] decisionsByAction = new Counter[CommandAction.values().length];
  private final Counter[] commandsByAction = new Counter[CommandAction.values().length];
  private final Counter low;
  private final Counter medium;
  private final Counter high;
  private final double mediumBand;
  private final double highBand;
  private final Histogram probability = new DescriptiveStatisticsHistogram(WINDOW);
  private final Histogram scoringNanos = new DescriptiveStatisticsHistogram(TIMING_WINDOW);
  private final Map<String, Boolean> activeVersions = new HashMap<>();
  private final Map<String, Boolean> shadowVersions = new HashMap<>();
  private volatile String activeVersion;
  private volatile String shadowVersion;
  private RiskModel activeModel;
  private RiskModel shadowModel;
  private long latestEventMillis = Long.MIN_VALUE;
  private int sampleCountdown = SAMPLE_EVERY;

  /**
   * @param restored the counts of sessions and accounts restored from operator state
   */
  RiskMetrics(MetricGroup parent, RiskSettings settings, long[] restored) {
    group = parent.addGroup(GROUP);
    events = group.counter("events");
    sessionsExpired = group.counter("sessionsExpired");
    sessionsEvicted = group.counter("sessionsEvicted");
    sessionsNotStored = group.counter("sessionsNotStored");
    sessionsInState = group.counter("sessionsInState");
    accountsInState = group.counter("accountsInState");
    sessionsInState.inc(restored[0]);
    accountsInState.inc(restored[1]);
    killsDegraded = group.counter("killsDegraded");
    killsWithheld = group.counter("killsWithheld");
    evidenceNotFinite = group.counter("evidenceNotFinite");
    decisionsWithoutCommand = group.addGroup("action", "none").counter("decisions");
    for (CommandAction a : CommandAction.values()) {
      MetricGroup byAction = group.addGroup("action", a.name().toLowerCase(Locale.ROOT));
      decisionsByAction[a.ordinal()] = byAction.counter("decisions");
      commandsByAction[a.ordinal()] = byAction.counter("commands");
    }
    low = group.addGroup("band", "low").counter("scored");
    medium = group.addGroup("band", "medium").counter("scored");
    high = group.addGroup("band", "high").counter("scored");
    mediumBand = settings.riskBandMedium();
    highBand = settings.riskBandHigh();
    group.histogram("probabilityPpm", probability);
    group.histogram("scoringNanos", scoringNanos);
    group.gauge("eventTimeLagMillis", (Gauge<Long>) this::eventTimeLagMillis);
  }

  /** An event arrives: counts it; returns the start of a timing sample, or 0 when not sampled. */
  long eventIn(long eventMillis) {
    events.inc();
    if (eventMillis > latestEventMillis) {
      latestEventMillis = eventMillis;
    }
    if (--sampleCountdown == 0) {
      sampleCountdown = SAMPLE_EVERY;
      return System.nanoTime();
    }
    return 0;
  }

  /** The event is done; {@code start} is what {@link #eventIn} returned. */
  void eventDone(long start) {
    if (start != 0) {
      scoringNanos.update(System.nanoTime() - start);
    }
  }

  void probability(double p) {
    probability.update((long) (p * 1_000_000));
    (p >= highBand ? high : p >= mediumBand ? medium : low).inc();
  }

  void decision(List<SessionCommand> issued) {
    if (issued.isEmpty()) {
      decisionsWithoutCommand.inc();
      return;
    }
    int strongest = 0;
    for (int i = 0; i < issued.size(); i++) {
      strongest = Math.max(strongest, severity(issued.get(i).getAction()));
    }
    decisionsByAction[SEVERITY[strongest].ordinal()].inc();
  }

  private static int severity(CommandAction action) {
    for (int i = SEVERITY.length - 1; i > 0; i--) {
      if (SEVERITY[i] == action) {
        return i;
      }
    }
    return 0;
  }

  void command(CommandAction action) {
    commandsByAction[action.ordinal()].inc();
  }

  void notes(Decision decision) {
    if (decision.hasNote(PolicyNote.KILL_BREAKER_OPEN)) {
      killsDegraded.inc();
    }
    if (decision.hasNote(PolicyNote.KILL_WITHHELD_SINGLE_KIND)) {
      killsWithheld.inc();
    }
  }

  void evidenceNotFinite(int n) {
    if (n > 0) {
      evidenceNotFinite.inc(n);
    }
  }

  /** The active model in force for this event (compared by reference: parsed models are cached). */
  void activeModel(RiskModel model) {
    if (model != activeModel) {
      activeModel = model;
      activeVersion = versionGauge(activeVersions, "active", model.modelVersion);
    }
  }

  /** The shadow model for this event, or null when there is none. */
  void shadowModel(RiskModel model) {
    if (model != shadowModel) {
      shadowModel = model;
      shadowVersion =
          model == null ? null : versionGauge(shadowVersions, "shadow", model.modelVersion);
    }
  }

  private String versionGauge(Map<String, Boolean> seen, String slot, String version) {
    if (!seen.containsKey(version) && seen.size() < MAX_VERSIONS) {
      seen.put(version, Boolean.TRUE);
      boolean active = slot.equals("active");
      group
          .addGroup("model", slot)
          .addGroup("version", version)
          .gauge(
              "inForce",
              (Gauge<Integer>)
                  () -> version.equals(active ? activeVersion : shadowVersion) ? 1 : 0);
    }
    return version;
  }

  private long eventTimeLagMillis() {
    long latest = latestEventMillis;
    return latest == Long.MIN_VALUE ? 0 : Math.max(0, System.currentTimeMillis() - latest);
  }

  /** Commands counted under {@code action} (for tests). */
  long commands(CommandAction action) {
    return commandsByAction[action.ordinal()].getCount();
  }

  /** Decisions counted under {@code action}, or under {@code none} for null (for tests). */
  long decisions(CommandAction action) {
    return action == null
        ? decisionsWithoutCommand.getCount()
        : decisionsByAction[action.ordinal()].getCount();
  }

  /** Probabilities recorded and scoring times sampled so far (for tests). */
  long[] histogramCounts() {
    return new long[] {probability.getCount(), scoringNanos.getCount()};
  }

  /** Operator state holding this subtask's counts of sessions and accounts. */
  static ListState<long[]> countsState(OperatorStateStore store) throws Exception {
    return store.getListState(
        new ListStateDescriptor<>(
            "state-counts", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
  }

  /** The sums of the counts this subtask was given on restore (any number of old subtasks'). */
  static long[] restoredCounts(ListState<long[]> state) throws Exception {
    long[] sum = new long[2];
    for (long[] c : state.get()) {
      sum[0] += c[0];
      sum[1] += c[1];
    }
    return sum;
  }

  void snapshotCounts(ListState<long[]> state) throws Exception {
    state.update(List.of(new long[] {sessionsInState.getCount(), accountsInState.getCount()}));
  }
}
