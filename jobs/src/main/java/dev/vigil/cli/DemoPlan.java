package dev.vigil.cli;

import java.time.Duration;

/**
 * How the demo spends its wall-clock time, in two phases.
 *
 * <ol>
 *   <li><b>History replay</b>: the {@code historyLines} before the simulated window (two days, no
 *       attack in them) go out unpaced, as fast as the producer sends them; the phase ends when the
 *       jobs have read them all, so that the live window is not spent catching up. Its length is
 *       bounded by {@link #historyBound()}: it lasts at most {@link #HISTORY_BOUND} from its first
 *       record, after which the live window starts anyway (and the line says the jobs are still
 *       catching up).
 *   <li><b>Live window</b>: the {@code liveLines} of the simulated hour, paced evenly over {@code
 *       --duration}: line {@code i} (from 0) is due {@code i * duration / liveLines} after the
 *       window begins, so the last is due just before {@code --duration} has passed. Hostile
 *       records ride along with the line they are drawn for.
 * </ol>
 *
 * <p>After the live window the demo waits for the jobs to drain, at most {@link #DRAIN_BOUND}. A
 * demo's wall-clock length is therefore start-up (simulation, broker, Flink) + history replay (at
 * most {@link #HISTORY_BOUND}) + {@code --duration} + drain (at most {@link #DRAIN_BOUND}).
 *
 * @param historyLines simulator lines before the window
 * @param liveLines simulator lines in the window
 * @param live the live window's wall-clock length ({@code --duration})
 */
record DemoPlan(long historyLines, long liveLines, Duration live) {
  /** Longest the history replay waits for the jobs to read the history. */
  static final Duration HISTORY_BOUND = Duration.ofMinutes(3);

  /** Longest the demo waits for the jobs to drain after the live window. */
  static final Duration DRAIN_BOUND = Duration.ofMinutes(2);

  DemoPlan {
    if (historyLines < 0 || liveLines < 0) {
      throw new IllegalArgumentException("line counts must be >= 0");
    }
    if (live.isNegative() || live.isZero()) {
      throw new IllegalArgumentException("the live window must be positive, got " + live);
    }
  }

  /** The plan for a simulation sent over {@code duration}. */
  static DemoPlan of(DemoSimulation sim, Duration duration) {
    return new DemoPlan(sim.historyLines(), sim.liveLines(), duration);
  }

  /** Longest the history replay can last: {@link #HISTORY_BOUND}. */
  Duration historyBound() {
    return HISTORY_BOUND;
  }

  /** Live lines sent per second of wall clock. */
  double liveRate() {
    return liveLines * 1e9 / live.toNanos();
  }

  /**
   * When live line {@code i} (0 to {@code liveLines - 1}) is due, in nanoseconds after the live
   * window begins: {@code i * live / liveLines}, from 0 to just under {@code live}.
   */
  long dueNanos(long i) {
    if (i < 0 || i >= liveLines) {
      throw new IllegalArgumentException("live line " + i + " of " + liveLines);
    }
    // i * live can overflow a long for big files and long windows: scale in double, exact enough
    // (a nanosecond's error per line is far below the sleep granularity).
    return (long) ((double) i * live.toNanos() / liveLines);
  }

  /** When the live window's last line has gone: {@code --duration} after it begins. */
  long endNanos() {
    return live.toNanos();
  }
}
