package dev.vigil.core.policy;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.model.ResponseRules;

/**
 * Kill-rate circuit breaker: when kills suddenly come much faster than usual, overall or for one
 * reason code, the cause is more likely a broken input (a GeoIP feed that moves every user across
 * the world, a client release that reuses nonces) than a wave of takeovers, and killing every
 * session it touches would log out a crowd of owners. While the breaker is open the policy degrades
 * kills to step-ups (a compromised session still has to pass a second factor) and says so.
 *
 * <p><b>Rates.</b> Two exponentially decayed counts of would-be kills (kills the policy decided
 * before this breaker; each session counted once), in event time: a recent one with half-life
 * {@code killBreakerRecentHalfLifeSeconds} (10 min) and a baseline with half-life {@code
 * killBreakerBaselineHalfLifeSeconds} (24 h). A decayed count c with half-life h is a rate of c ln
 * 2 / h. The same pair is kept for every reason code (the session's strongest retained reason).
 *
 * <p><b>Trip:</b> the recent count reaches {@code killBreakerMinKills} (10, so the first kills of a
 * cold start do not trip it on their own) and the recent rate is at least {@code killBreakerRatio}
 * (10) times the baseline rate. <b>Close</b> (hysteresis): the recent count falls below half the
 * minimum, or the recent rate below half the ratio times the baseline; checked on every kill and
 * every {@value #CHECK_INTERVAL_MILLIS} ms of event time while open. While a rate is open its
 * would-be kills do not teach its baseline (a storm must not become the norm). An operator {@link
 * #clear}s it: the breaker closes and adopts the recent rate as the baseline, so a real wave keeps
 * being killed.
 *
 * <p>Figures, at the defaults: at steady state the recent rate equals the baseline, so a trickle
 * never trips it; a storm trips it once it has put 10 kills (decayed) in the recent window at ten
 * times the usual rate, e.g. 10 kills within a few minutes where 1 an hour is usual. After a cold
 * start (no baseline) any 10 kills within about 10 minutes trip it.
 *
 * <p>One instance per operator subtask, like {@code PopulationPrior}: each subtask sees its share
 * of the sessions (keyed by account), so rates are per subtask and a storm trips every subtask it
 * reaches. Checkpointed like it ({@link KillRateBreakerMapper}, about 1.2 KiB): a restored job
 * keeps an open breaker open and its baselines, so a restart in the middle of a storm does not
 * begin cold and let the next 10 would-be kills through. O(1) memory (two doubles and a time per
 * code), allocation-free; a kill costs O(1) exponentials, the open-state check O(codes) every 10 s.
 * Not thread-safe, except {@link #isOpen} and {@link #trips} (volatile, for metric gauges).
 */
public final class KillRateBreaker {
  /** While open, rates are re-checked at most this often in event time. */
  public static final long CHECK_INTERVAL_MILLIS = 10_000;

  private static final double LN2 = Math.log(2);
  static final int ALL = 0;

  // Package-private for KillRateBreakerMapper; index 0 is the overall rate, 1 + code a code's.
  final double[] recent;
  final double[] baseline;
  final long[] at;
  final boolean[] open;
  private int openCount;
  long clock = Long.MIN_VALUE;
  long lastCheck = Long.MIN_VALUE;
  private volatile boolean anyOpen;
  volatile long trips;

  public KillRateBreaker() {
    int n = 1 + EvidenceCode.values().length;
    recent = new double[n];
    baseline = new double[n];
    at = new long[n];
    open = new boolean[n];
  }

  /** Counts a would-be kill whose strongest reason is {@code code} (-1: none) at {@code t}. */
  public void recordKill(long t, int code, ResponseRules r) {
    if (!r.breakerEnabled()) {
      return;
    }
    long now = advance(t);
    add(ALL, now, r);
    evaluate(ALL, now, r);
    if (code >= 0) {
      add(1 + code, now, r);
      evaluate(1 + code, now, r);
    }
  }

  /** Whether a kill with that strongest reason may go ahead now. */
  public boolean allowsKill(int code, ResponseRules r) {
    return !r.breakerEnabled() || !(open[ALL] || (code >= 0 && open[1 + code]));
  }

  /** Per event: while open, re-checks the rates every {@value #CHECK_INTERVAL_MILLIS} ms. O(1). */
  public void tick(long t, ResponseRules r) {
    if (openCount == 0) {
      return;
    }
    long now = advance(t);
    if (lastCheck != Long.MIN_VALUE && now - lastCheck < CHECK_INTERVAL_MILLIS) {
      return;
    }
    lastCheck = now;
    for (int i = 0; i < open.length; i++) {
      if (open[i]) {
        evaluate(i, now, r);
      }
    }
    if (!r.breakerEnabled()) {
      clear(t, r);
    }
  }

  /**
   * The operator's reset: closes every rate and adopts the recent rates as baselines, so the same
   * rate does not trip it again at once.
   */
  public void clear(long t, ResponseRules r) {
    long now = advance(t);
    double scale = r.killBreakerBaselineHalfLifeSeconds / r.killBreakerRecentHalfLifeSeconds;
    for (int i = 0; i < open.length; i++) {
      decay(i, now, r);
      baseline[i] = Math.max(baseline[i], recent[i] * scale);
      open[i] = false;
    }
    openCount = 0;
    anyOpen = false;
  }

  /** Recounts the open rates after {@link KillRateBreakerMapper} has filled the arrays. */
  void recountOpen() {
    openCount = 0;
    for (boolean o : open) {
      openCount += o ? 1 : 0;
    }
    anyOpen = openCount > 0;
  }

  /** For a metric gauge: whether any rate is open. */
  public boolean isOpen() {
    return anyOpen;
  }

  /** For a metric gauge: how many times a rate has tripped since start. */
  public long trips() {
    return trips;
  }

  /** {@link #blockingCode} when the overall rate is open. */
  public static final int BLOCKED_OVERALL = -2;

  /**
   * Which rate blocks a kill with that strongest reason: {@link #BLOCKED_OVERALL}, the code itself,
   * or -1 when none does.
   */
  public int blockingCode(int code) {
    if (open[ALL]) {
      return BLOCKED_OVERALL;
    }
    return code >= 0 && open[1 + code] ? code : -1;
  }

  /** Recent would-be kills per hour, overall ({@code code} < 0) or for one code. */
  public double recentPerHour(int code, ResponseRules r) {
    int i = code < 0 ? ALL : 1 + code;
    decay(i, clock, r);
    return recent[i] * LN2 / r.killBreakerRecentHalfLifeSeconds * 3600;
  }

  /** Baseline would-be kills per hour, overall ({@code code} < 0) or for one code. */
  public double baselinePerHour(int code, ResponseRules r) {
    int i = code < 0 ? ALL : 1 + code;
    decay(i, clock, r);
    return baseline[i] * LN2 / r.killBreakerBaselineHalfLifeSeconds * 3600;
  }

  private long advance(long t) {
    // Events of many keys interleave on a subtask; time never runs backwards here.
    if (t > clock) {
      clock = t;
    }
    return clock;
  }

  private void add(int i, long now, ResponseRules r) {
    decay(i, now, r);
    recent[i] += 1;
    if (!open[i]) {
      baseline[i] += 1;
    }
  }

  private void decay(int i, long now, ResponseRules r) {
    if (at[i] == 0 || now <= at[i]) {
      at[i] = Math.max(at[i], now);
      return;
    }
    double seconds = (now - at[i]) / 1000.0;
    recent[i] *= Math.exp(-seconds * LN2 / r.killBreakerRecentHalfLifeSeconds);
    baseline[i] *= Math.exp(-seconds * LN2 / r.killBreakerBaselineHalfLifeSeconds);
    at[i] = now;
  }

  private void evaluate(int i, long now, ResponseRules r) {
    decay(i, now, r);
    double recentRate = recent[i] / r.killBreakerRecentHalfLifeSeconds;
    double baselineRate = baseline[i] / r.killBreakerBaselineHalfLifeSeconds;
    if (!open[i]) {
      if (recent[i] >= r.killBreakerMinKills && recentRate >= r.killBreakerRatio * baselineRate) {
        open[i] = true;
        openCount++;
        anyOpen = true;
        trips++;
      }
    } else if (recent[i] < r.killBreakerMinKills / 2
        || recentRate < r.killBreakerRatio / 2 * baselineRate) {
      open[i] = false;
      openCount--;
      anyOpen = openCount > 0;
    }
  }
}
