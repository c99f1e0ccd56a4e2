package dev.vigil.bench;

import dev.vigil.core.engine.Scored;
import dev.vigil.core.engine.SessionRiskEngine;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.PopulationPrior;
import dev.vigil.core.profile.SessionState;
import dev.vigil.job.risk.AccountProfileSerializer;
import dev.vigil.job.risk.SessionStateSerializer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * State per account and per live session, measured on the benchmark's own traffic: the events run
 * through the scoring core ({@link SessionRiskEngine}, the default model) with one profile per
 * account and one state per session, as the session risk operator keeps them; sessions idle longer
 * than the default idle timeout (event time) are dropped as the operator's timers drop them. Then
 * every profile and live session is written with the job's own state serializers ({@link
 * AccountProfileSerializer}, {@link SessionStateSerializer}; the same mappers {@code
 * StateSizeReport} in models measures). Their heap is measured on copies read back with the same
 * serializers, as the heap backend holds state after a restore: the used heap after a full
 * collection with and without them.
 *
 * <p>The heap figure includes the hash map's entries and the keys; it is measured before the broker
 * and the cluster start, in a JVM that runs nothing else yet, and moves by a few percent from run
 * to run.
 */
public final class StateFootprint {
  private static final long IDLE_MS = Duration.ofHours(1).toMillis();

  /** States held at once to measure their heap, so that one small run is not noise. */
  static final int HEAP_SAMPLE = 50_000;

  private StateFootprint() {}

  /**
   * The figures.
   *
   * @param accounts profiles held at the end
   * @param liveSessions sessions within the idle timeout at the end
   * @param accountBytes serialised profile: mean, p99, max
   * @param sessionBytes serialised session: mean, p99, max
   * @param accountKeyBytes mean account id length in UTF-8
   * @param sessionKeyBytes mean session id length in UTF-8
   * @param heapPerAccount heap per profile, map entry and key included
   * @param heapPerSession heap per session, map entry and key included
   */
  public record Footprint(
      long accounts,
      long liveSessions,
      double[] accountBytes,
      double[] sessionBytes,
      double accountKeyBytes,
      double sessionKeyBytes,
      double heapPerAccount,
      double heapPerSession) {

    /** Heap (hashmap backend) for this many accounts and sessions, in bytes. */
    public double heapFor(long accounts, long sessions) {
      return accounts * heapPerAccount + sessions * heapPerSession;
    }

    /**
     * Serialised state, keys included, for this many accounts and sessions in bytes: what RocksDB
     * stores before its block compression, and what a full checkpoint of the heap backend writes.
     */
    public double serialisedFor(long accounts, long sessions) {
      return accounts * (accountBytes[0] + accountKeyBytes)
          + sessions * (sessionBytes[0] + sessionKeyBytes);
    }
  }

  /** Runs {@code traffic} through the scoring core and measures what it leaves in state. */
  public static Footprint measure(BenchTraffic traffic) throws Exception {
    RiskModel model = RiskModelLoader.defaults();
    SessionRiskEngine engine = new SessionRiskEngine(new PopulationPrior());
    Scored scored = new Scored();
    Map<String, AccountProfile> accounts = new HashMap<>();
    Map<String, SessionState> sessions = new HashMap<>();
    long[] clock = {Long.MIN_VALUE, 0};
    traffic.run(
        e -> {
          AccountProfile a = accounts.computeIfAbsent(e.getAccountId(), k -> new AccountProfile());
          SessionState s = sessions.computeIfAbsent(e.getSessionId(), k -> new SessionState());
          engine.score(a, s, e, model, scored);
          clock[0] = Math.max(clock[0], e.getTimestamp());
          if (++clock[1] % 50_000 == 0) {
            dropIdle(sessions, clock[0]);
          }
        });
    dropIdle(sessions, clock[0]);
    Serialised a = serialise(accounts, AccountProfileSerializer.INSTANCE);
    Serialised s = serialise(sessions, SessionStateSerializer.INSTANCE);
    accounts.clear();
    sessions.clear();
    return new Footprint(
        a.blobs.size(),
        s.blobs.size(),
        summary(a.sizes),
        summary(s.sizes),
        a.meanKey(),
        s.meanKey(),
        heapPerEntry(a, AccountProfileSerializer.INSTANCE),
        heapPerEntry(s, SessionStateSerializer.INSTANCE));
  }

  /** Every state of one kind written with its serializer, and its keys. */
  private record Serialised(List<String> keys, List<byte[]> blobs, double[] sizes) {
    double meanKey() {
      double sum = 0;
      for (String k : keys) {
        sum += k.getBytes(StandardCharsets.UTF_8).length;
      }
      return keys.isEmpty() ? 0 : sum / keys.size();
    }
  }

  private static <T> Serialised serialise(Map<String, T> states, TypeSerializer<T> serializer)
      throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(4096);
    List<String> keys = new ArrayList<>(states.size());
    List<byte[]> blobs = new ArrayList<>(states.size());
    double[] sizes = new double[states.size()];
    for (var e : states.entrySet()) {
      out.clear();
      serializer.serialize(e.getValue(), out);
      sizes[blobs.size()] = out.length();
      keys.add(e.getKey());
      blobs.add(out.getCopyOfBuffer());
    }
    return new Serialised(keys, blobs, sizes);
  }

  /**
   * Heap per state with its key and hash map entry: at least {@link #HEAP_SAMPLE} states read back
   * with the serializer (the real ones in turn, so their mix of sizes holds) into one map, the used
   * heap after a full collection before and after divided by their number.
   */
  private static <T> double heapPerEntry(Serialised states, TypeSerializer<T> serializer)
      throws IOException {
    int n = states.blobs.size();
    if (n == 0) {
      return 0;
    }
    int copies = Math.max(HEAP_SAMPLE, n);
    long before = usedHeapAfterGc();
    Map<String, T> held = new HashMap<>();
    DataInputDeserializer in = new DataInputDeserializer();
    for (int i = 0; i < copies; i++) {
      in.setBuffer(states.blobs.get(i % n));
      String key = i < n ? states.keys.get(i) : states.keys.get(i % n) + "#" + i;
      held.put(key, serializer.deserialize(in));
    }
    long after = usedHeapAfterGc();
    double perEntry = Math.max(0, after - before) / (double) held.size();
    held.clear(); // reachable until after the measurement
    return perEntry;
  }

  private static void dropIdle(Map<String, SessionState> sessions, long now) {
    sessions.values().removeIf(s -> s.lastMillis < now - IDLE_MS);
  }

  /** Mean, p99 and max. */
  static double[] summary(double[] values) {
    if (values.length == 0) {
      return new double[] {0, 0, 0};
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (double v : sorted) {
      sum += v;
    }
    int p99 = (int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1);
    return new double[] {sum / sorted.length, sorted[p99], sorted[sorted.length - 1]};
  }

  /** Used heap after two full collections (a bench measurement, not a synchronisation). */
  private static long usedHeapAfterGc() {
    var memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
