package dev.vigil.sim;

import java.time.Instant;

/**
 * What to simulate.
 *
 * @param accounts number of exchange accounts (>= 1)
 * @param durationMs simulated time span written to the file (>= 1 s)
 * @param seed everything is drawn from it: the same seed gives the same bytes
 * @param startMs first instant written; the default is a fixed Monday so that output never depends
 *     on the wall clock
 * @param mix populations, attacks and hard cases
 */
public record SimulationConfig(
    int accounts, long durationMs, long seed, long startMs, ScenarioMix mix) {

  /** 2026-11-02T00:00:00Z, a Monday. */
  public static final long DEFAULT_START = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();

  public SimulationConfig {
    if (accounts < 1) {
      throw new IllegalArgumentException("accounts must be >= 1, got " + accounts);
    }
    if (durationMs < 1000) {
      throw new IllegalArgumentException("duration must be at least 1s, got " + durationMs + " ms");
    }
    if (mix == null) {
      throw new IllegalArgumentException("a scenario mix is required");
    }
  }

  public SimulationConfig(int accounts, long durationMs, long seed, ScenarioMix mix) {
    this(accounts, durationMs, seed, DEFAULT_START, mix);
  }

  public long endMs() {
    return startMs + durationMs;
  }
}
