package dev.vigil.core.engine;

import dev.vigil.core.exchange.LiveSignals;
import dev.vigil.core.exchange.SignalSubjects;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;

/** Live exchange signals for tests: a table the harness's engine reads. */
public final class Signals {
  private Signals() {}

  /**
   * Puts a signal (score 0.8, 318 accounts) on {@code subject} into {@code table}, under every key
   * of the subject.
   */
  public static void put(
      LiveSignals table, SignalKind kind, SignalSubject type, String subject, long expiresAt) {
    long[] keys = new long[SignalSubjects.MAX_KEYS];
    int n = SignalSubjects.keys(type, subject, keys);
    if (n == 0) {
      throw new IllegalArgumentException(type + " " + subject + " is no evidence subject");
    }
    for (int i = 0; i < n; i++) {
      table.put(keys[i], kind.ordinal(), type.ordinal(), 0.8f, 318, expiresAt);
    }
  }

  /** A table with one live signal, read by {@code h}'s engine from now on. */
  public static LiveSignals live(
      SessionHarness h, SignalKind kind, SignalSubject type, String subject) {
    LiveSignals table = new LiveSignals(16);
    put(table, kind, type, subject, Long.MAX_VALUE);
    h.engine.exchangeSignals(table);
    return table;
  }
}
