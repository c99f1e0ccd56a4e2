package dev.vigil.enforcer.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * Measures the heap a live session costs the enforcer: used heap after full collections, before and
 * after 1,000,000 sessions ({@link MillionSessions}, a cache of exactly that capacity), divided by
 * the count. The session ids' strings are made before and not counted: the cache keeps a
 * fingerprint, not the id. Run as {@link CheckBenchmark} says, with {@code -Xmx2g}; a second
 * argument {@code defaults} makes every session a bot with three default buckets ({@link
 * MillionSessions#DEFAULTS}).
 */
public final class SessionMemoryReport {
  private SessionMemoryReport() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : CheckBenchmark.SESSIONS;
    String[] ids = MillionSessions.ids(n);
    long before = used();
    boolean defaults = args.length > 1 && args[1].equals("defaults");
    MillionSessions m = new MillionSessions(ids, n, defaults);
    long after = used();
    System.out.printf(
        Locale.ROOT,
        "%,d sessions (%,d held%s): %,d bytes of heap, %.0f bytes a session%n",
        n,
        m.enforcer.sessions(),
        defaults ? ", each with 3 default buckets" : "",
        after - before,
        (after - before) / (double) n);
  }

  private static long used() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
