package dev.vigil.evaluation;

import java.util.List;
import java.util.Map;

/**
 * What one model did on one labelled events file (see {@link ModelComparison}). Every count is of
 * sessions unless named otherwise.
 *
 * @param model the name it was given (a file name or {@code default})
 * @param modelVersion the model's own version
 * @param events events replayed (warm-up included)
 * @param scenarios per compromise scenario, in the simulator's order
 * @param populations benign sessions per population, warm-up included
 * @param benign benign sessions, warm-up included (they are scored and may be acted on)
 * @param benignKilled benign sessions with a KILL
 * @param benignSteppedUpOrHeld benign sessions with a STEP_UP or a HOLD_WITHDRAWALS
 * @param botSessions benign trading-bot and market-maker sessions
 * @param botKilled of those, sessions with a KILL
 * @param botDisrupted of those, sessions with a KILL, a STEP_UP or a HOLD_WITHDRAWALS (an API
 *     client cannot answer a step-up: it stops trading either way)
 * @param calibration per-event calibration (see {@link EventCalibration}: 10 equal-width bins, each
 *     evaluated session weighing 1)
 * @param ranking ROC and PR AUC of each evaluated session's maximum probability against whether an
 *     attacker held it (warm-up sessions and failed credential attempts left out)
 * @param commandsByAction every command issued, warm-up included, by action
 */
public record ModelOutcome(
    String model,
    String modelVersion,
    long events,
    List<ScenarioOutcome> scenarios,
    List<PopulationOutcome> populations,
    int benign,
    int benignKilled,
    int benignSteppedUpOrHeld,
    int botSessions,
    int botKilled,
    int botDisrupted,
    double calibrationError,
    List<ReliabilityBin> calibrationBins,
    RankingMetrics ranking,
    Map<String, Integer> commandsByAction) {

  /** benignSteppedUpOrHeld / benign; 0 when there are no benign sessions. */
  public double benignSteppedUpOrHeldRate() {
    return benign == 0 ? 0 : (double) benignSteppedUpOrHeld / benign;
  }

  /**
   * One compromise scenario.
   *
   * @param sessions compromised sessions (kind compromise)
   * @param actedInTime of those, sessions whose first STEP_UP, HOLD_WITHDRAWALS or KILL at or after
   *     the takeover came before the attacker's last request
   * @param requestsToAction attacker requests up to and including the first action, over the
   *     sessions acted on at all (late ones included); nearest-rank median and p95
   * @param secondsToAction seconds from the takeover to that action, over the same sessions
   */
  public record ScenarioOutcome(
      String scenario,
      int sessions,
      int actedInTime,
      Distribution requestsToAction,
      Distribution secondsToAction) {}

  /** Benign sessions of one population (warm-up included) and the actions taken on them. */
  public record PopulationOutcome(
      String population, int sessions, int killed, int steppedUpOrHeld) {}
}
