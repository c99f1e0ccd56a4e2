package dev.vigil.job.cases;

import dev.vigil.cases.CaseAssembler;
import dev.vigil.cases.CaseSettings;
import dev.vigil.cases.CaseSignal;
import dev.vigil.cases.OcsfDetectionFinding;
import dev.vigil.job.config.StateTtl;
import dev.vigil.schema.SecurityCase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Cross-account cases: decisions keyed by what they share ({@link CaseOrigin#stateKey()}: the
 * source network's /24 or /48, or a withdrawal address), folded by the same {@link CaseAssembler}
 * as the account cases ({@link CaseFunction}) and {@code CaseBook}. A case is held silently
 * (revision 0) until decisions of two distinct accounts share the key ({@link
 * CaseAssembler#minAccounts}); from then on every revision is emitted (main output) with its OCSF
 * finding on {@link CaseFunction#FINDINGS}. Kill findings are the account operator's, not repeated
 * here.
 *
 * <p>State per key: the held case (one {@code ValueState}, bounded lists) and one event-time timer
 * at its closing time; the timer closes it (emitting the closed revision only if it was ever
 * emitted) and clears both. A decision that arrives after the quiet period has passed but before
 * the watermark (so before the timer) closes the old case first and opens a new one, as {@code
 * CaseBook} does. TTL as {@link CaseFunction#ttl}. Keys held: one per network or address with a
 * qualifying decision within the last quiet period (the timer frees it; the TTL if the watermark
 * stalls); {@code CaseBook}'s in-memory cap per grouping does not apply to keyed state. O(1) per
 * decision. Decisions of different accounts reach a key in arrival order: at parallelism 1 that is
 * the stream's order (and {@code vigil score}'s); above it, two decisions of different accounts
 * within the watermark's lag may arrive in either order, which can change which decision opened the
 * case (its id) but not its accounts.
 */
public final class SharedCaseFunction
    extends KeyedProcessFunction<String, CaseOrigin, SecurityCase> {
  private final CaseSettings settings;
  private final String vendorName;
  private transient CaseAssembler assembler;
  private transient OcsfDetectionFinding ocsf;
  private transient ValueState<SecurityCase> open;

  public SharedCaseFunction(CaseSettings settings, String vendorName) {
    this.settings = settings;
    this.vendorName = vendorName;
  }

  @Override
  public void open(OpenContext ctx) {
    assembler = new CaseAssembler(settings);
    ocsf = new OcsfDetectionFinding(vendorName, "session-risk");
    ValueStateDescriptor<SecurityCase> d =
        new ValueStateDescriptor<>("shared-case", TypeInformation.of(SecurityCase.class));
    d.enableTimeToLive(StateTtl.backstop(CaseFunction.ttl(settings)));
    open = getRuntimeContext().getState(d);
  }

  @Override
  public void processElement(CaseOrigin o, Context ctx, Collector<SecurityCase> out)
      throws Exception {
    if (!CaseSignal.mayCount(o.decision, settings.minProbability())) {
      return; // also filtered before the keyBy (CaseStage)
    }
    CaseSignal s = CaseSignal.of(o.decision, null, null);
    if (!assembler.counts(s)) {
      return;
    }
    SecurityCase c = open.value();
    if (c != null) {
      ctx.timerService().deleteEventTimeTimer(assembler.closesAt(c));
      if (assembler.closesAt(c) <= s.time()) {
        if (assembler.close(c)) {
          emit(c, ctx, out);
        }
        c = null;
      }
    }
    if (c == null) {
      c = assembler.open(o.groupedBy, o.groupKey, s);
    }
    boolean emit = assembler.fold(c, s);
    open.update(c);
    ctx.timerService().registerEventTimeTimer(assembler.closesAt(c));
    if (emit) {
      emit(c, ctx, out);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SecurityCase> out)
      throws Exception {
    SecurityCase c = open.value();
    if (c == null || assembler.closesAt(c) > timestamp) {
      return;
    }
    if (assembler.close(c)) {
      emit(c, ctx, out);
    }
    open.clear();
  }

  private void emit(SecurityCase c, Context ctx, Collector<SecurityCase> out) {
    SecurityCase revision = SecurityCase.newBuilder(c).build();
    out.collect(revision);
    ctx.output(
        CaseFunction.FINDINGS,
        Tuple2.of(revision.getCaseId(), OcsfDetectionFinding.json(ocsf.ofCase(revision))));
  }
}
