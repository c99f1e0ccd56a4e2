package dev.vigil.sim;

import java.time.Instant;

/**
 * What to simulate.
 *
 * @param accounts number of exchange accounts (>= 1)
 * @param durationMs simulated time span written to the file (>= 1 s)
 * @param seed everything is drawn from it: the same seed gives the same bytes
 * @param startMs first instant of the evaluated window; the default is a fixed Monday so that
 *     output never depends on the wall clock
 * @param warmupMs benign history written before {@code startMs} (0 for none), so that account
 *     profiles are learned before they are tested: retail and institutional sessions run from
 *     {@code startMs - warmupMs}; attacks happen only inside the window; sessions that start before
 *     the window and are never attacked are labelled {@code warmup} and left out of the evaluation
 * @param automatedWarmupMs the part of the warm-up in which bots and market makers run (at most
 *     {@code warmupMs}): they send thousands of requests an hour, so their profiles fill in hours
 *     while a person's take days of sessions, and a shorter automated warm-up keeps files small
 * @param mix populations, attacks and hard cases
 * @param world the benign behaviours of the simulated world ({@link WorldParameters#defaults()}
 *     unless a {@link World} is chosen)
 */
public record SimulationConfig(
    int accounts,
    long durationMs,
    long seed,
    long startMs,
    long warmupMs,
    long automatedWarmupMs,
    ScenarioMix mix,
    WorldParameters world) {

  /** Longest warm-up accepted: 90 days. */
  public static final long MAX_WARMUP_MS = 90 * 86_400_000L;

  /** 2026-11-02T00:00:00Z, a Monday. */
  public static final long DEFAULT_START = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();

  public SimulationConfig {
    if (accounts < 1) {
      throw new IllegalArgumentException("accounts must be >= 1, got " + accounts);
    }
    if (durationMs < 1000) {
      throw new IllegalArgumentException("duration must be at least 1s, got " + durationMs + " ms");
    }
    if (warmupMs < 0 || warmupMs > MAX_WARMUP_MS) {
      throw new IllegalArgumentException(
          "warm-up must be between 0 and 90 days, got " + warmupMs + " ms");
    }
    if (automatedWarmupMs < 0 || automatedWarmupMs > warmupMs) {
      throw new IllegalArgumentException(
          "automated warm-up must be between 0 and the warm-up ("
              + warmupMs
              + " ms), got "
              + automatedWarmupMs
              + " ms");
    }
    if (mix == null) {
      throw new IllegalArgumentException("a scenario mix is required");
    }
    if (world == null) {
      throw new IllegalArgumentException("world parameters are required");
    }
  }

  public SimulationConfig(
      int accounts,
      long durationMs,
      long seed,
      long startMs,
      long warmupMs,
      long automatedWarmupMs,
      ScenarioMix mix) {
    this(
        accounts,
        durationMs,
        seed,
        startMs,
        warmupMs,
        automatedWarmupMs,
        mix,
        WorldParameters.defaults());
  }

  public SimulationConfig(int accounts, long durationMs, long seed, ScenarioMix mix) {
    this(accounts, durationMs, seed, DEFAULT_START, 0, 0, mix);
  }

  public SimulationConfig(int accounts, long durationMs, long seed, long startMs, ScenarioMix mix) {
    this(accounts, durationMs, seed, startMs, 0, 0, mix);
  }

  /** The same run with benign history before the window (see the record's parameters). */
  public SimulationConfig withWarmup(long warmup, long automatedWarmup) {
    return new SimulationConfig(
        accounts, durationMs, seed, startMs, warmup, automatedWarmup, mix, world);
  }

  /** The same run in {@code w}: its scenario mix and its benign behaviours. */
  public SimulationConfig inWorld(World w) {
    return new SimulationConfig(
        accounts, durationMs, seed, startMs, warmupMs, automatedWarmupMs, w.mix(), w.parameters());
  }

  /** The same run with other benign behaviours and the same mix. */
  public SimulationConfig withParameters(WorldParameters p) {
    return new SimulationConfig(
        accounts, durationMs, seed, startMs, warmupMs, automatedWarmupMs, mix, p);
  }

  /** First instant written: the start of the warm-up, or of the window when there is none. */
  public long firstMs() {
    return startMs - warmupMs;
  }

  public long endMs() {
    return startMs + durationMs;
  }
}
