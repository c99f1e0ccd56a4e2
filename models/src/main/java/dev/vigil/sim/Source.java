package dev.vigil.sim;

/**
 * A generator of requests with its own random stream, merged with all others by time. Each step
 * happens at {@link #next}; it may fill an event for that instant, and must then move {@link #next}
 * forward (never back) or to {@link Long#MAX_VALUE} when done.
 */
abstract class Source {
  static final long DONE = Long.MAX_VALUE;

  long next = DONE;

  /** Insertion order: breaks ties between sources due at the same millisecond. */
  long seq;

  /**
   * Performs the step due at {@code next}.
   *
   * @return true when {@code e} was filled with a request at time {@code e.time}
   */
  abstract boolean step(SimEvent e, Simulator sim);
}
