package dev.vigil.job.cases;

import dev.vigil.cases.CaseAssembler;
import dev.vigil.cases.CaseSettings;
import dev.vigil.cases.CaseSignal;
import dev.vigil.cases.OcsfDetectionFinding;
import dev.vigil.job.config.StateTtl;
import dev.vigil.schema.CaseGrouping;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SecurityCase;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Folds one account's enforced decisions into its case ({@link CaseAssembler}), keyed by account:
 * emits every case revision (main output) and, as OCSF Detection Finding JSON on {@link #FINDINGS}
 * keyed by finding uid, one finding per revision and one per KILL.
 *
 * <p>State per account: the open case (one {@code ValueState}, at most {@link
 * CaseSettings#maxTimeline()} timeline entries) and one event-time timer at its closing time; the
 * timer closes the case, emits the closed revision and clears both. A processing-time TTL of {@link
 * #ttl} (4 quiet periods, at least a day) is the backstop for a watermark that stops advancing.
 * Shadow decisions (never enforced) and decisions that do not {@linkplain CaseAssembler#counts
 * count} touch no state; most are dropped before the keyBy ({@link CaseSignal#mayCount}). O(1) per
 * decision (bounded lists).
 */
public final class CaseFunction extends KeyedProcessFunction<String, RiskDecision, SecurityCase> {
  /** Findings as (finding uid, OCSF JSON). */
  public static final OutputTag<Tuple2<String, String>> FINDINGS = new OutputTag<>("findings") {};

  private final CaseSettings settings;
  private final String vendorName;
  private transient CaseAssembler assembler;
  private transient OcsfDetectionFinding ocsf;
  private transient ValueState<SecurityCase> open;

  public CaseFunction(CaseSettings settings, String vendorName) {
    this.settings = settings;
    this.vendorName = vendorName;
  }

  /** The state's TTL: four quiet periods, at least one day. */
  public static Duration ttl(CaseSettings s) {
    Duration four = s.quiet().multipliedBy(4);
    return four.compareTo(Duration.ofDays(1)) < 0 ? Duration.ofDays(1) : four;
  }

  @Override
  public void open(OpenContext ctx) {
    assembler = new CaseAssembler(settings);
    ocsf = new OcsfDetectionFinding(vendorName, "session-risk");
    ValueStateDescriptor<SecurityCase> d =
        new ValueStateDescriptor<>("open-case", TypeInformation.of(SecurityCase.class));
    d.enableTimeToLive(StateTtl.backstop(ttl(settings)));
    open = getRuntimeContext().getState(d);
  }

  @Override
  public void processElement(RiskDecision d, Context ctx, Collector<SecurityCase> out)
      throws Exception {
    if (!CaseSignal.mayCount(d, settings.minProbability())) {
      return; // also filtered before the keyBy (CaseStage); kept for the operator on its own
    }
    CaseSignal s = CaseSignal.of(d, null, null);
    if (!assembler.counts(s)) {
      return;
    }
    SecurityCase c = open.value();
    if (c != null) {
      ctx.timerService().deleteEventTimeTimer(assembler.closesAt(c));
      // A decision after the quiet period whose timer has not fired yet (the watermark lags) opens
      // a new case, as CaseBook (vigil score) does: folding it into the old one made the job's
      // cases depend on when the watermark passed.
      if (assembler.closesAt(c) <= s.time()) {
        if (assembler.close(c)) {
          emit(c, ctx, out);
        }
        c = null;
      }
    }
    if (c == null) {
      c = assembler.open(CaseGrouping.ACCOUNT, d.getAccountId(), s);
    }
    boolean emit = assembler.fold(c, s);
    open.update(c);
    ctx.timerService().registerEventTimeTimer(assembler.closesAt(c));
    if (emit) {
      emit(c, ctx, out);
    }
    if (s.actions().contains("KILL")) {
      ctx.output(
          FINDINGS,
          Tuple2.of(
              s.decisionId() + ":kill", OcsfDetectionFinding.json(ocsf.ofKill(s, c.getCaseId()))));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SecurityCase> out)
      throws Exception {
    SecurityCase c = open.value();
    if (c == null || assembler.closesAt(c) > timestamp) {
      return; // closed already, or a later decision moved the closing time
    }
    if (assembler.close(c)) {
      emit(c, ctx, out);
    }
    open.clear();
  }

  private void emit(SecurityCase c, Context ctx, Collector<SecurityCase> out) {
    // A copy: the state object changes with the next decision.
    SecurityCase revision = SecurityCase.newBuilder(c).build();
    out.collect(revision);
    ctx.output(
        FINDINGS,
        Tuple2.of(revision.getCaseId(), OcsfDetectionFinding.json(ocsf.ofCase(revision))));
  }
}
