package dev.vigil.job.exchange;

import dev.vigil.core.exchange.ExchangeSettings;
import dev.vigil.core.exchange.LoginWave;
import dev.vigil.core.exchange.SharedAddress;
import dev.vigil.core.exchange.SharedCredential;
import dev.vigil.core.exchange.SubjectDetector;
import dev.vigil.core.sketch.Hashing;
import dev.vigil.job.config.StateTtl;
import dev.vigil.schema.ExchangeSignal;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The keyed operator of one kind of subject (login waves by network, AS and client; withdrawal
 * addresses; API keys and sessions): thin, it keeps one detector per subject in keyed state and
 * hands each event to it ({@code dev.vigil.core.exchange}); the detector decides whether a signal
 * is due (at most once per subject and window), the operator stamps {@code issuedAt} with the
 * processing time and emits it.
 *
 * <p><b>State lifetime.</b> A subject's state goes once it has been idle (event time) for the
 * detector's memory: the login window for waves (its counts have all expired by then), {@link
 * ExchangeSettings#addressMemory} for addresses, {@link ExchangeSettings#credentialMemory} for keys
 * and sessions. One event-time timer per subject: set at the first event, and at its firing either
 * the state is dropped or the timer is set again at the last event's time plus the memory, so the
 * per-event cost stays O(1) (no timer per event). A processing-time state TTL of the same length
 * backs it up (dropped by full snapshots and RocksDB compaction, as the session risk job's state
 * is).
 */
public final class SubjectFunction<D extends SubjectDetector>
    extends KeyedProcessFunction<String, SubjectEvent, ExchangeSignal> {
  private static final long serialVersionUID = 1L;

  private final ExchangeSettings settings;
  private final String stateName;
  private final TypeSerializer<D> serializer;
  private final Duration memory;
  private transient ValueState<D> state;

  private SubjectFunction(
      ExchangeSettings settings, String stateName, TypeSerializer<D> serializer, Duration memory) {
    this.settings = settings;
    this.stateName = stateName;
    this.serializer = serializer;
    this.memory = memory;
  }

  /** Login waves ({@link LoginWave}) by network, AS or client fingerprint. */
  public static SubjectFunction<LoginWave> loginWaves(ExchangeSettings s) {
    return new SubjectFunction<>(
        s, "login-wave", DetectorSerializers.LoginWaves.INSTANCE, s.loginWindow());
  }

  /** Shared withdrawal addresses ({@link SharedAddress}). */
  public static SubjectFunction<SharedAddress> sharedAddresses(ExchangeSettings s) {
    return new SubjectFunction<>(
        s, "shared-address", DetectorSerializers.SharedAddresses.INSTANCE, s.addressMemory());
  }

  /** API keys and sessions presented by two accounts ({@link SharedCredential}). */
  public static SubjectFunction<SharedCredential> sharedCredentials(ExchangeSettings s) {
    return new SubjectFunction<>(
        s,
        "shared-credential",
        DetectorSerializers.SharedCredentials.INSTANCE,
        s.credentialMemory());
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<D> d = new ValueStateDescriptor<>(stateName, serializer);
    d.enableTimeToLive(StateTtl.backstop(memory));
    state = getRuntimeContext().getState(d);
  }

  @Override
  public void processElement(SubjectEvent e, Context ctx, Collector<ExchangeSignal> out)
      throws Exception {
    D detector = state.value();
    if (detector == null) {
      detector = serializer.createInstance();
      ctx.timerService().registerEventTimeTimer(e.timeMillis + memory.toMillis());
    }
    ExchangeSignal signal =
        detector.update(
            settings,
            e.timeMillis,
            e.accountId,
            Hashing.of(e.accountId),
            e.failed,
            e.type,
            e.subject);
    state.update(detector);
    if (signal != null) {
      signal.setIssuedAt(ctx.timerService().currentProcessingTime());
      out.collect(signal);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ExchangeSignal> out)
      throws Exception {
    D detector = state.value();
    if (detector == null) {
      return;
    }
    long due = detector.lastSeen() + memory.toMillis();
    if (due <= timestamp) {
      state.clear();
    } else {
      ctx.timerService().registerEventTimeTimer(due);
    }
  }
}
