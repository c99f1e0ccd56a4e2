package dev.vigil.enforcer.bench;

import dev.vigil.enforcer.Decision;
import dev.vigil.enforcer.ReferenceEnforcer;
import dev.vigil.enforcer.RequestKind;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Mean cost of {@link ReferenceEnforcer#check} with 1,000,000 live sessions in the cache ({@link
 * MillionSessions}), each request for a session drawn at random (so most lookups miss the CPU
 * caches, as at a busy gateway), one in eight a withdrawal to an added address; and the same for
 * sessions the enforcer holds nothing for (the common case: most sessions never get a command).
 *
 * <p>Run (from the repository root):
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl jobs/enforcer -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp jobs/enforcer/target/test-classes:jobs/enforcer/target/classes:$(cat jobs/enforcer/target/cp.txt) \
 *     org.openjdk.jmh.Main CheckBenchmark -f 1 -wi 2 -i 3
 * java -Xmx3g -XX:+UseParallelGC -cp (same) dev.vigil.enforcer.bench.CheckCpuTime
 * java -Xmx2g -cp (same) dev.vigil.enforcer.bench.SessionMemoryReport
 * </pre>
 *
 * <p>Measured 2026-12-07 on the idle 2-core machine ({@code -f 1 -wi 3 -i 10}, load average 1.1):
 * checkLiveSession 568 ± 71 ns, readSessionIdOnly 276 ± 65 ns, checkSessionWithoutCommands 211 ± 30
 * ns. Earlier the same day on the machine shared with other builds (so JMH's wall-clock averages
 * include waiting for a core): quietest run (load average 16 to 11) checkLiveSession 851 ± 1,042
 * ns, readSessionIdOnly 670 ± 2,030 ns, checkSessionWithoutCommands 432 ± 22 ns; runs at higher
 * load gave checkLiveSession 2,537 and 3,009 ns. In CPU time ({@link CheckCpuTime}) 668 to 707 ns a
 * check, 419 to 427 ns of it the id fetch. See the README, "Reference enforcer".
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx3g", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class CheckBenchmark {
  static final int SESSIONS = 1_000_000;

  private ReferenceEnforcer enforcer;
  private String[] ids;
  private String[] strangers;
  private int[] order;
  private int next;
  private long now;

  @Setup
  public void setUp() {
    MillionSessions m = new MillionSessions(SESSIONS);
    enforcer = m.enforcer;
    ids = m.ids;
    strangers = new String[1 << 16];
    for (int i = 0; i < strangers.length; i++) {
      strangers[i] = "stranger-" + i;
    }
    order = new int[1 << 20];
    Random random = new Random(7);
    for (int i = 0; i < order.length; i++) {
      order[i] = random.nextInt(SESSIONS);
    }
    now = MillionSessions.T + 1_000;
  }

  @Benchmark
  public Decision checkLiveSession() {
    int i = next++;
    int s = order[i & (order.length - 1)];
    RequestKind kind =
        (i & 7) == 0 ? RequestKind.WITHDRAWAL_TO_ADDRESS_ADDED_IN_SESSION : RequestKind.ORDINARY;
    return enforcer.check(ids[s], now + (i >>> 12), kind);
  }

  /**
   * The benchmark's own cost in {@link #checkLiveSession}: fetching a random session's id from the
   * array of a million strings and reading its characters (cache misses a gateway, which has the id
   * hot from the request it just parsed, does not pay). Subtract it to get check's own cost.
   */
  @Benchmark
  public long readSessionIdOnly() {
    int i = next++;
    return readId(ids[order[i & (order.length - 1)]]);
  }

  static long readId(String id) {
    long h = 0;
    for (int k = 0; k < id.length(); k++) {
      h = h * 31 + id.charAt(k);
    }
    return h;
  }

  @Benchmark
  public Decision checkSessionWithoutCommands() {
    int i = next++;
    return enforcer.check(strangers[i & (strangers.length - 1)], now, RequestKind.ORDINARY);
  }
}
