package dev.vigil.sim;

/**
 * Counts of a finished run.
 *
 * @param events events written
 * @param sessions sessions with at least one event written
 * @param attackedSessions of those, sessions labelled with a scenario (compromise, attempt, abuse)
 * @param skippedAttacks planned attacks that found no eligible victim (e.g. no market maker)
 * @param elapsedNanos wall time of generation
 */
public record SimulationResult(
    long events, long sessions, long attackedSessions, int skippedAttacks, long elapsedNanos) {

  public double eventsPerSecond() {
    return elapsedNanos == 0 ? 0 : events * 1e9 / elapsedNanos;
  }
}
