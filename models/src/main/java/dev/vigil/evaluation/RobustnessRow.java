package dev.vigil.evaluation;

import java.util.List;
import java.util.Map;

/**
 * What the model did in one simulated world, pooled over its seeds. Every count is of sessions.
 *
 * @param world the world's name
 * @param split tuning, held-out or custom
 * @param seeds the seeds run
 * @param accounts accounts per run
 * @param compromised compromised sessions (kind compromise: an attacker held them)
 * @param detected of those, sessions whose first STEP_UP, HOLD_WITHDRAWALS or KILL at or after
 *     takeover came before the attacker's last request
 * @param carefulCompromised compromised sessions of the careful takeovers (low_and_slow, sim_swap,
 *     readonly_key_exfil, cookie_hijack_local)
 * @param carefulDetected of those, detected
 * @param requestsToAction attacker requests up to and including the first action, over the sessions
 *     acted on at all (late ones included), nearest-rank median and p95
 * @param benign benign sessions, warm-up sessions included (they are scored and may be acted on)
 * @param benignWarmup of those, sessions of the warm-up
 * @param benignKilled benign sessions with a KILL
 * @param benignSteppedUpOrHeld benign sessions with a STEP_UP or a HOLD_WITHDRAWALS
 * @param botSessions benign trading-bot and market-maker sessions (warm-up included)
 * @param botKilled of those, sessions with a KILL
 * @param abuse abuse sessions (flood, scraping)
 * @param abuseThrottled abuse sessions with a SET_RATE_LIMIT
 * @param abuseKilled abuse sessions with a KILL
 * @param abuseSteppedUp abuse sessions with a STEP_UP
 * @param byScenario compromised and detected sessions per compromise scenario
 * @param events events replayed (warm-up included)
 * @param seconds wall-clock seconds the world's runs took, summed
 */
public record RobustnessRow(
    String world,
    String split,
    List<Long> seeds,
    int accounts,
    int compromised,
    int detected,
    int carefulCompromised,
    int carefulDetected,
    Distribution requestsToAction,
    int benign,
    int benignWarmup,
    int benignKilled,
    int benignSteppedUpOrHeld,
    int botSessions,
    int botKilled,
    int abuse,
    int abuseThrottled,
    int abuseKilled,
    int abuseSteppedUp,
    Map<String, ScenarioCount> byScenario,
    long events,
    double seconds) {

  /** Compromised and detected sessions of one scenario. */
  public record ScenarioCount(int sessions, int detected) {}
}
