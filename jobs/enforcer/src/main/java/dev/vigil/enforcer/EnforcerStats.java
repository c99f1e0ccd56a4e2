package dev.vigil.enforcer;

import dev.vigil.schema.RejectionReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What an enforcer has done since it started: commands applied and rejected (by reason), sessions
 * killed, ended, challenged, throttled and held (each session counted once), and decisions. Safe to
 * read from any thread while the enforcer runs.
 */
public final class EnforcerStats {
  final LongAdder applied = new LongAdder();
  final LongAdder ignored = new LongAdder();
  final LongAdder malformed = new LongAdder();
  final LongAdder killed = new LongAdder();
  final LongAdder ended = new LongAdder();
  final LongAdder challenged = new LongAdder();
  final LongAdder throttled = new LongAdder();
  final LongAdder held = new LongAdder();
  final LongAdder stepUpsPassed = new LongAdder();
  final LongAdder stepUpsFailed = new LongAdder();
  final LongAdder stepUpsAbandoned = new LongAdder();
  private final LongAdder[] rejected = adders(RejectionReason.values().length);
  private final LongAdder[] decisions = adders(Decision.values().length);

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  void countRejected(RejectionReason reason) {
    rejected[reason.ordinal()].increment();
  }

  void decided(Decision d) {
    decisions[d.ordinal()].increment();
  }

  public long applied() {
    return applied.sum();
  }

  /** Valid commands that changed nothing: an unknown action, or one for a session already ended. */
  public long ignored() {
    return ignored.sum();
  }

  /** Records that were not a SessionCommand at all (nothing to answer them with). */
  public long malformed() {
    return malformed.sum();
  }

  public long rejected(RejectionReason reason) {
    return rejected[reason.ordinal()].sum();
  }

  /** Rejections by reason, only the reasons seen. */
  public Map<RejectionReason, Long> rejections() {
    Map<RejectionReason, Long> m = new EnumMap<>(RejectionReason.class);
    for (RejectionReason r : RejectionReason.values()) {
      long n = rejected(r);
      if (n > 0) {
        m.put(r, n);
      }
    }
    return m;
  }

  public long sessionsKilled() {
    return killed.sum();
  }

  /** Sessions ended by the gateway: a timeout or a failed or abandoned step-up. */
  public long sessionsEnded() {
    return ended.sum();
  }

  public long sessionsChallenged() {
    return challenged.sum();
  }

  public long sessionsThrottled() {
    return throttled.sum();
  }

  /** Sessions that had a withdrawal denied by a hold. */
  public long sessionsHeld() {
    return held.sum();
  }

  public long stepUpsPassed() {
    return stepUpsPassed.sum();
  }

  public long stepUpsFailed() {
    return stepUpsFailed.sum();
  }

  public long stepUpsAbandoned() {
    return stepUpsAbandoned.sum();
  }

  public long decisions(Decision d) {
    return decisions[d.ordinal()].sum();
  }
}
