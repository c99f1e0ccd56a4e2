package dev.vigil.enforcer.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * Measures the heap a live session costs the enforcer: used heap after full collections, before and
 * after 1,000,000 sessions ({@link MillionSessions}), divided by the count; the session ids' own
 * strings (held by the benchmark too) are included, as a gateway's cache holds them. Run as {@link
 * CheckBenchmark} says, with {@code -Xmx2g}.
 */
public final class SessionMemoryReport {
  private SessionMemoryReport() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : CheckBenchmark.SESSIONS;
    long before = used();
    MillionSessions m = new MillionSessions(n);
    long after = used();
    System.out.printf(
        Locale.ROOT,
        "%,d sessions (%,d held): %,d bytes of heap, %.0f bytes a session%n",
        n,
        m.enforcer.sessions(),
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
