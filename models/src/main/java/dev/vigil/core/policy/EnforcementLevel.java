package dev.vigil.core.policy;

/** How far enforcement has gone on a session; KILLED is terminal. */
public enum EnforcementLevel {
  NONE,
  STEP_UP,
  KILLED;

  private static final EnforcementLevel[] VALUES = values();

  public static EnforcementLevel byOrdinal(int o) {
    return VALUES[o];
  }
}
