package dev.vigil.sim;

/**
 * Event ids are {@code e-<seed>-<n>}, n counting the events of the file from 1 in output order:
 * unique within a run, deterministic for a seed, and free of any hint of the label.
 */
public final class EventIds {
  private EventIds() {}

  public static String prefix(long seed) {
    return "e-" + seed + "-";
  }

  public static String of(long seed, long counter) {
    return prefix(seed) + counter;
  }
}
