package dev.vigil.injection;

import dev.vigil.evaluation.EventLines;
import dev.vigil.injection.AttackInjector.Injected;
import dev.vigil.schema.AccessEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The history with the injected attacks merged in time order, as {@code vigil train} and {@code
 * vigil compare} replay it. An injected event goes before the first history event that is later
 * than it (ties: history first; injected events among themselves by time, attack, then order).
 *
 * <p>A replayed request of an attack riding an owner's session re-sends the host's own captured
 * requests: the host's decimal nonces and client timestamps are kept (the last {@value #RING}) up
 * to the attacker's first request, and each replayed request takes one of them, oldest first. A
 * host without decimal nonces leaves the simulated nonce (which then is no replay). The history is
 * streamed; memory is the injected events plus one small ring per hijacked session.
 */
public final class InjectedTraffic {
  static final int RING = 32;

  /** Receives every event of the merged traffic, in order. */
  @FunctionalInterface
  public interface Sink {
    /**
     * @param attack the injected attack this event belongs to, or null for a history event
     * @param lastAttackerRequest this is the attack's last request
     */
    void accept(AccessEvent e, Injected attack, boolean lastAttackerRequest);
  }

  private record Capture(long[][] ring, int count) {}

  private final Map<String, long[][]> replayHosts = new HashMap<>();
  private final Map<String, Integer> ringSize = new HashMap<>();
  private final Map<Integer, Capture> captures = new HashMap<>();
  private final Sink sink;

  private InjectedTraffic(Sink sink) {
    this.sink = sink;
  }

  /** Streams {@code history} with {@code attacks} merged in to {@code sink}. */
  public static void forEach(Path history, List<Injected> attacks, Sink sink) {
    InjectedTraffic t = new InjectedTraffic(sink);
    List<Object[]> injected = new ArrayList<>();
    for (Injected a : attacks) {
      if (a.hijack()) {
        t.replayHosts.put(a.sessionId(), new long[2][RING]);
      }
      for (int i = 0; i < a.events().size(); i++) {
        injected.add(new Object[] {a, i});
      }
    }
    injected.sort(
        Comparator.comparingLong(InjectedTraffic::time)
            .thenComparingInt(o -> ((Injected) o[0]).index())
            .thenComparingInt(o -> (int) o[1]));
    int[] next = {0};
    EventLines.forEach(
        history,
        "history",
        e -> {
          while (next[0] < injected.size() && time(injected.get(next[0])) < e.getTimestamp()) {
            t.inject(injected.get(next[0]++));
          }
          t.history(e);
        });
    while (next[0] < injected.size()) {
      t.inject(injected.get(next[0]++));
    }
  }

  private static long time(Object[] o) {
    return ((Injected) o[0]).events().get((int) o[1]).getTimestamp();
  }

  private void history(AccessEvent e) {
    String sid = e.getSessionId();
    long[][] ring = replayHosts.get(sid);
    if (ring != null && e.getNonce() != null && e.getClientTimestamp() != null) {
      try {
        long nonce = Long.parseLong(e.getNonce());
        int n = ringSize.merge(sid, 1, Integer::sum) - 1;
        ring[0][n % RING] = nonce;
        ring[1][n % RING] = e.getClientTimestamp();
      } catch (NumberFormatException ignored) {
        // Only decimal nonces are captured: a text nonce is replayed as the simulator wrote it.
      }
    }
    sink.accept(e, null, false);
  }

  private void inject(Object[] o) {
    Injected a = (Injected) o[0];
    int i = (int) o[1];
    AccessEvent e = a.events().get(i);
    if (i == 0 && a.hijack()) {
      // The attacker captured the host's requests up to now: what it can replay.
      Integer n = ringSize.remove(a.sessionId());
      long[][] ring = replayHosts.remove(a.sessionId());
      if (n != null && ring != null) {
        captures.put(a.index(), new Capture(ring, n));
      }
    }
    Capture c = captures.get(a.index());
    if (a.replayed()[i] && c != null) {
      // A replay re-sends the host's own captured requests, oldest first.
      int available = Math.min(c.count, RING);
      int k = (c.count - available + (i % available)) % RING;
      e =
          AccessEvent.newBuilder(e)
              .setNonce(Long.toString(c.ring[0][k]))
              .setClientTimestamp(c.ring[1][k])
              .build();
    }
    sink.accept(e, a, e.getEventId().equals(a.lastEventId()));
  }
}
