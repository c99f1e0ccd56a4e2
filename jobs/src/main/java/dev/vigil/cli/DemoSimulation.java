package dev.vigil.cli;

import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.evaluation.SessionLabel;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.SimulationResult;
import dev.vigil.sim.Simulator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The demo's traffic, generated at a fixed simulated time so that it is a function of the seed and
 * the options only: for the same {@code --seed} and {@code --accounts} the demo writes the same
 * {@code events.jsonl} and {@code labels.jsonl}, byte for byte, on any day and at any hour.
 *
 * <p>It used to start at the wall clock less two days and an hour; the simulator's retail activity
 * follows the local hour of day ({@code dev.vigil.sim.Diurnal}), so the same seed gave other event
 * counts at another time of day. The demo now simulates the window 2026-11-02T00:00Z to 01:00Z (a
 * Monday; {@link SimulationConfig#DEFAULT_START}, as {@code vigil simulate}) after two days of
 * history, and moves the clock only on the way to Kafka ({@link DemoRebase}).
 *
 * @param result the simulator's counts (events, sessions, attacked sessions)
 * @param historyLines the lines before the window: the history replay, no attack in them
 * @param liveLines the lines in the window: the live window, paced over {@code --duration}
 * @param compromised the window's sessions the simulator labelled compromise
 */
record DemoSimulation(
    SimulationResult result, long historyLines, long liveLines, Set<String> compromised) {

  /** The simulated live window: one hour. */
  static final Duration WINDOW = Duration.ofHours(1);

  /** Benign history before the window, so that the profiles learn: two days. */
  static final Duration HISTORY = Duration.ofDays(2);

  /** The part of the history in which bots and market makers run: two hours. */
  static final Duration AUTOMATED_HISTORY = Duration.ofHours(2);

  /** The window's first instant: 2026-11-02T00:00:00Z, whatever the wall clock. */
  static final long WINDOW_START = SimulationConfig.DEFAULT_START;

  /** The window's end (exclusive). */
  static final long WINDOW_END = WINDOW_START + WINDOW.toMillis();

  /** What the demo simulates for {@code accounts} and {@code seed}. */
  static SimulationConfig config(int accounts, long seed) {
    return new SimulationConfig(
            accounts,
            WINDOW.toMillis(),
            seed,
            WINDOW_START,
            ScenarioMix.parse(DemoCommand.MIX, "demo mix"))
        .withWarmup(HISTORY.toMillis(), AUTOMATED_HISTORY.toMillis());
  }

  /**
   * Writes {@code events.jsonl} and {@code labels.jsonl} into {@code dir} and counts the lines of
   * each phase (the simulator writes in time order, so the history comes first). O(events) time,
   * O(sessions) memory for the labels.
   */
  static DemoSimulation generate(int accounts, long seed, Path dir) throws IOException {
    long[] history = {0};
    SimulationResult r =
        Simulator.generate(
            config(accounts, seed),
            dir,
            time -> {
              if (time < WINDOW_START) {
                history[0]++;
              }
            });
    Set<String> compromised =
        EvaluationFiles.readLabels(dir.resolve("labels.jsonl")).stream()
            .filter(l -> !l.warmup() && "compromise".equals(l.kind()))
            .map(SessionLabel::sessionId)
            .collect(Collectors.toUnmodifiableSet());
    return new DemoSimulation(r, history[0], r.events() - history[0], compromised);
  }
}
