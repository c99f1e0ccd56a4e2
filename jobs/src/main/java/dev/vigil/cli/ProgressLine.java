package dev.vigil.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * A status line for work that can take minutes: redrawn in place every second on a terminal, a new
 * line every five seconds otherwise (a log, a pipe, CI), nothing with {@code --no-progress}. The
 * status comes from {@code status}, given the nanoseconds since the start and called on a daemon
 * thread: it must be safe to call from there.
 */
final class ProgressLine implements AutoCloseable {
  static final Duration ON_A_TERMINAL = Duration.ofSeconds(1);
  static final Duration OTHERWISE = Duration.ofSeconds(5);

  private final PrintWriter out;
  private final String label;
  private final LongFunction<String> status;
  private final boolean terminal;
  private final long began = System.nanoTime();
  private final ScheduledExecutorService ticker;
  private boolean drawn;

  private ProgressLine(
      PrintWriter out,
      String label,
      LongFunction<String> status,
      boolean enabled,
      boolean terminal) {
    this.out = out;
    this.label = label;
    this.status = status;
    this.terminal = terminal;
    if (enabled) {
      Duration every = terminal ? ON_A_TERMINAL : OTHERWISE;
      ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "vigil-progress");
                t.setDaemon(true);
                return t;
              });
      ticker.scheduleAtFixedRate(
          this::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      ticker = null;
    }
  }

  /** Starts the line unless {@code disabled} (the command's {@code --no-progress}). */
  static ProgressLine start(
      PrintWriter out, String label, boolean disabled, LongFunction<String> status) {
    return new ProgressLine(out, label, status, !disabled, System.console() != null);
  }

  /** The line as it is printed now. */
  String line() {
    long elapsed = System.nanoTime() - began;
    return label + ": " + elapsed / 1_000_000_000L + " s, " + status.apply(elapsed);
  }

  synchronized void tick() {
    if (Interruption.underway()) {
      return; // Ctrl-C: the summary line is the last word
    }
    if (terminal) {
      out.print("\r" + line());
    } else {
      out.println(line());
    }
    drawn = true;
    out.flush();
  }

  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (terminal && drawn) {
      out.println();
      out.flush();
    }
  }

  /** {@code done} of {@code total} as "43%, ETA 12 s" (no ETA before there is a rate). */
  static String share(double done, double total, long elapsedNanos) {
    if (!(total > 0)) {
      return "";
    }
    double f = Math.max(0, Math.min(1, done / total));
    String pct = String.format(java.util.Locale.ROOT, "%.0f%%", f * 100);
    if (f <= 0 || f >= 1) {
      return pct;
    }
    long eta = Math.round(elapsedNanos / 1e9 * (1 - f) / f);
    return pct + ", ETA " + eta + " s";
  }
}
