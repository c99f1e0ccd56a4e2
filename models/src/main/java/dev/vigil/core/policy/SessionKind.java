package dev.vigil.core.policy;

/** Whose costs apply to a session: a person at a screen, or a program trading on a key. */
public enum SessionKind {
  HUMAN,
  AUTOMATED;

  private static final SessionKind[] VALUES = values();

  public static SessionKind byOrdinal(int o) {
    return VALUES[o];
  }
}
