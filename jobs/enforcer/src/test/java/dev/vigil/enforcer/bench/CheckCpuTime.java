package dev.vigil.enforcer.bench;

import dev.vigil.enforcer.Decision;
import dev.vigil.enforcer.RequestKind;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Random;

/**
 * The CPU time (not wall time) of one {@code check} with 1,000,000 live sessions (or the count
 * given as the first argument), the same requests as {@link CheckBenchmark#checkLiveSession}: a
 * figure that a shared, loaded machine does not inflate the way it inflates JMH's wall-clock
 * average. 30 rounds of 1,000,000 checks; prints the median round. Run as {@link CheckBenchmark}
 * says.
 */
public final class CheckCpuTime {
  private CheckCpuTime() {}

  public static void main(String[] args) {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : CheckBenchmark.SESSIONS;
    MillionSessions m = new MillionSessions(sessions);
    int[] order = new int[1 << 20];
    Random random = new Random(7);
    for (int i = 0; i < order.length; i++) {
      order[i] = random.nextInt(sessions);
    }
    System.gc(); // compacts the sessions, which setup allocated among its commands' garbage
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long now = MillionSessions.T + 1_000;
    double[] rounds = new double[30];
    int allowed = 0;
    int i = 0;
    for (int r = 0; r < rounds.length; r++) {
      long start = threads.getCurrentThreadCpuTime();
      for (int k = 0; k < 1_000_000; k++, i++) {
        RequestKind kind =
            (i & 7) == 0
                ? RequestKind.WITHDRAWAL_TO_ADDRESS_ADDED_IN_SESSION
                : RequestKind.ORDINARY;
        if (m.enforcer.check(m.ids[order[i & (order.length - 1)]], now + (i >>> 12), kind)
            == Decision.ALLOW) {
          allowed++;
        }
      }
      rounds[r] = (threads.getCurrentThreadCpuTime() - start) / 1_000_000.0;
    }
    java.util.Arrays.sort(rounds);
    System.out.printf(
        Locale.ROOT,
        "check, %,d live sessions: median %.0f ns CPU per request (min %.0f, max %.0f; %d"
            + " allowed)%n",
        sessions,
        rounds[rounds.length / 2],
        rounds[0],
        rounds[rounds.length - 1],
        allowed);
  }
}
