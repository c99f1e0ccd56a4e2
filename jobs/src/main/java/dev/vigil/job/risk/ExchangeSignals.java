package dev.vigil.job.risk;

import dev.vigil.core.engine.SessionRiskEngine;
import dev.vigil.core.exchange.LiveSignals;
import dev.vigil.core.sketch.Hashing;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The exchange job's live signals on one subtask of the session risk operator (issue 12): signals
 * arrive on the model broadcast ({@link ModelUpdate#signal}), are kept in the broadcast state
 * ({@link SessionRiskFunction#MODELS}, one entry per table key under {@value #PREFIX}, 18 bytes of
 * value) and in a {@link LiveSignals} table that the active and shadow engines read per event.
 *
 * <p><b>Bounds.</b> At most {@link LiveSignals#DEFAULT_MAX_ENTRIES} (65,536) entries, the same in
 * the table and the state: a full table evicts the entry that expires soonest from both. An entry
 * is dropped from both once expired: at a signal whose event time ({@code windowEnd}) is a minute
 * or more past the last sweep, all expired entries go (one scan of the table's slots, so at most
 * once a minute of signal time however many signals arrive); a signal already expired when it
 * arrives is not kept. Per event the engines only look entries up, and an expired one counts as
 * absent. The table (3.3 MB at the bound) is allocated at the first signal, so a job that receives
 * none keeps none. After a restore the table is rebuilt from the broadcast state at the first
 * element. Broadcast state is operator state, written whole at every checkpoint by every subtask:
 * at the bound about 40 bytes an entry, 2.6 MB a subtask.
 */
final class ExchangeSignals {
  /** Broadcast-state key prefix of a signal entry (then the table key in hex). */
  static final String PREFIX = "signal:";

  /** Expired entries are swept at most this often, in signal event time. */
  static final long SWEEP_MILLIS = 60_000L;

  private final SessionRiskEngine engine;
  private final SessionRiskEngine shadowEngine;
  private LiveSignals table;
  private boolean loaded;
  private long clock = Long.MIN_VALUE;
  private long lastSweep = Long.MIN_VALUE;

  /** Registers gauge {@code exchangeSignalsHeld} (entries held) in {@code group}. */
  ExchangeSignals(SessionRiskEngine engine, SessionRiskEngine shadowEngine, MetricGroup group) {
    this.engine = engine;
    this.shadowEngine = shadowEngine;
    group.gauge("exchangeSignalsHeld", (Gauge<Integer>) this::size);
  }

  /** Live entries held (expired ones not yet swept included). */
  int size() {
    return table == null ? 0 : table.size();
  }

  /** Rebuilds the table from the broadcast state once (after a restore); O(1) afterwards. */
  void load(ReadOnlyBroadcastState<String, byte[]> state) throws Exception {
    if (loaded) {
      return;
    }
    loaded = true;
    for (Map.Entry<String, byte[]> e : state.immutableEntries()) {
      if (e.getKey().startsWith(PREFIX)) {
        ByteBuffer b = ByteBuffer.wrap(e.getValue());
        long key = Long.parseUnsignedLong(e.getKey().substring(PREFIX.length()), 16);
        table().put(key, b.get(), b.get(), b.getFloat(), b.getInt(), b.getLong());
      }
    }
  }

  /**
   * Applies a broadcast element's signal on this subtask.
   *
   * @return false when the element is no signal (a model record)
   */
  boolean apply(ModelUpdate update, BroadcastState<String, byte[]> state) throws Exception {
    if (update.signal == null) {
      return false;
    }
    apply(update.signal, state);
    return true;
  }

  /** Applies one signal on this subtask. */
  void apply(SignalUpdate u, BroadcastState<String, byte[]> state) throws Exception {
    load(state);
    clock = Math.max(clock, u.windowEnd);
    if (table != null && (lastSweep == Long.MIN_VALUE || clock - lastSweep >= SWEEP_MILLIS)) {
      lastSweep = clock;
      List<Long> expired = new ArrayList<>();
      table.expire(clock, expired::add);
      for (long key : expired) {
        state.remove(name(key));
      }
    }
    if (u.expiresAt <= clock) {
      return;
    }
    byte[] value =
        ByteBuffer.allocate(18)
            .put((byte) u.kind)
            .put((byte) u.subjectType)
            .putFloat(u.score)
            .putInt(u.accounts)
            .putLong(u.expiresAt)
            .array();
    for (long key : u.keys) {
      long evicted = table().put(key, u.kind, u.subjectType, u.score, u.accounts, u.expiresAt);
      if (evicted != Hashing.ABSENT) {
        state.remove(name(evicted));
      }
      state.put(name(key), value);
    }
  }

  private LiveSignals table() {
    if (table == null) {
      table = new LiveSignals(LiveSignals.DEFAULT_MAX_ENTRIES);
      engine.exchangeSignals(table);
      shadowEngine.exchangeSignals(table);
    }
    return table;
  }

  private static String name(long key) {
    return PREFIX + Long.toHexString(key);
  }
}
