package dev.vigil.train;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * How far {@code vigil train} is: the stage it is in and the events replayed so far out of the
 * events all replays will read (the history plus the injected attacks, once per replayed model),
 * from which it derives a rate and an ETA. The trainer's counterpart of the {@code vigil} CLI's
 * progress line (the trainer does not share the job's class path): redrawn in place every second on
 * a terminal, a new line every five seconds otherwise, nothing with {@code --no-progress}.
 *
 * <p>{@link #replayed()} is called once per replayed event from up to two replay threads: a {@link
 * LongAdder} increment, no allocation. The status is read from the ticker's daemon thread.
 */
final class TrainProgress implements AutoCloseable {
  static final Duration ON_A_TERMINAL = Duration.ofSeconds(1);
  static final Duration OTHERWISE = Duration.ofSeconds(5);

  private final LongAdder replayed = new LongAdder();
  private volatile String stage = "reading the history";
  private volatile long expected;
  private final long began = System.nanoTime();
  private PrintWriter out;
  private boolean terminal;
  private boolean drawn;
  private ScheduledExecutorService ticker;

  /** Progress that is counted but not shown (the library entry point, tests). */
  TrainProgress() {}

  /**
   * Progress shown on {@code out} unless {@code disabled}: redrawn when {@code terminal}, else a
   * line per tick.
   */
  static TrainProgress shown(PrintWriter out, boolean disabled, boolean terminal) {
    TrainProgress p = new TrainProgress();
    p.out = out;
    p.terminal = terminal;
    if (!disabled) {
      long every = (terminal ? ON_A_TERMINAL : OTHERWISE).toMillis();
      p.ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "vigil-train-progress");
                t.setDaemon(true);
                return t;
              });
      p.ticker.scheduleAtFixedRate(p::tick, every, every, TimeUnit.MILLISECONDS);
    }
    return p;
  }

  /** Enters a stage; {@code moreEvents} is added to the events still to be replayed. */
  void stage(String name, long moreEvents) {
    expected += moreEvents;
    stage = name;
  }

  /** One event replayed. */
  void replayed() {
    replayed.increment();
  }

  long replayedSoFar() {
    return replayed.sum();
  }

  /**
   * The stage, the events replayed of those expected so far, the rate and the ETA, e.g. {@code
   * "replaying candidates, 1200000 of 6000000 events, 250000 events/s, 20%, ETA 19 s"}.
   */
  String status(long elapsedNanos) {
    long done = replayed.sum();
    long total = expected;
    StringBuilder s = new StringBuilder(stage);
    if (total > 0) {
      s.append(", ").append(Math.min(done, total)).append(" of ").append(total).append(" events");
    }
    if (elapsedNanos > 0 && done > 0) {
      s.append(", ").append(Math.round(done / (elapsedNanos / 1e9))).append(" events/s");
    }
    if (total > 0) {
      double f = Math.max(0, Math.min(1, (double) done / total));
      s.append(String.format(Locale.ROOT, ", %.0f%%", f * 100));
      if (f > 0 && f < 1) {
        s.append(", ETA ").append(Math.round(elapsedNanos / 1e9 * (1 - f) / f)).append(" s");
      }
    }
    return s.toString();
  }

  /** The line as printed now. */
  String line() {
    long elapsed = System.nanoTime() - began;
    return "train: " + elapsed / 1_000_000_000L + " s, " + status(elapsed);
  }

  synchronized void tick() {
    if (out == null) {
      return;
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
}
