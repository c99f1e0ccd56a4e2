package dev.vigil.enforcer.bench;

import dev.vigil.enforcer.Decision;
import dev.vigil.enforcer.FairAccessDefaults;
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
 * says. A second argument {@code defaults} makes every session a bot with three default buckets
 * ({@link MillionSessions#DEFAULTS}) and sends each request to one of the three roles in turn.
 */
public final class CheckCpuTime {
  private CheckCpuTime() {}

  public static void main(String[] args) {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : CheckBenchmark.SESSIONS;
    boolean defaults = args.length > 1 && args[1].equals("defaults");
    MillionSessions m = new MillionSessions(MillionSessions.ids(sessions), sessions * 2, defaults);
    int population = defaults ? MillionSessions.BOT : FairAccessDefaults.NO_POPULATION;
    int[] order = new int[1 << 20];
    Random random = new Random(7);
    for (int i = 0; i < order.length; i++) {
      order[i] = random.nextInt(sessions);
    }
    System.gc(); // compacts the sessions, which setup allocated among its commands' garbage
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long now = MillionSessions.T + 1_000;
    double[] checks = new double[30];
    double[] reads = new double[30];
    long sink = 0;
    int i = 0;
    for (int r = 0; r < checks.length; r++) {
      long start = threads.getCurrentThreadCpuTime();
      for (int k = 0; k < 1_000_000; k++, i++) {
        RequestKind kind =
            (i & 7) == 0
                ? RequestKind.WITHDRAWAL_TO_ADDRESS_ADDED_IN_SESSION
                : RequestKind.ORDINARY;
        Decision d =
            m.enforcer.check(
                m.ids[order[i & (order.length - 1)]],
                now + (i >>> 12),
                kind,
                defaults ? i % 3 : FairAccessDefaults.NO_ROLE,
                population);
        sink += d.ordinal();
      }
      checks[r] = (threads.getCurrentThreadCpuTime() - start) / 1_000_000.0;
      start = threads.getCurrentThreadCpuTime();
      for (int k = 0; k < 1_000_000; k++, i++) {
        sink += CheckBenchmark.readId(m.ids[order[i & (order.length - 1)]]);
      }
      reads[r] = (threads.getCurrentThreadCpuTime() - start) / 1_000_000.0;
    }
    java.util.Arrays.sort(checks);
    java.util.Arrays.sort(reads);
    System.out.printf(
        Locale.ROOT,
        "%,d live sessions: check %.0f ns CPU per request (median of 30 rounds; min %.0f, max"
            + " %.0f), of which fetching the id from the benchmark's array of a million strings"
            + " %.0f ns (a gateway has it hot from the request); %d%n",
        sessions,
        checks[checks.length / 2],
        checks[0],
        checks[checks.length - 1],
        reads[reads.length / 2],
        sink);
  }
}
