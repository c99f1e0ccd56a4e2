package dev.vigil.evaluation;

/**
 * How Vigil did on one compromise scenario.
 *
 * @param sessions compromised sessions (kind compromise)
 * @param detected of those, sessions with a STEP_UP or KILL placed after takeover and before the
 *     attacker's last request
 * @param detectionRate detected / sessions, null when there are none
 * @param acted sessions with a STEP_UP or KILL at or after takeover, however late
 * @param requestsToAction attacker requests up to and including the first action's trigger
 * @param secondsToAction seconds from takeover to the first action
 * @param actedBeforeTakeover sessions acted on only before the attacker took over (ignored above)
 * @param attempts failed attempts of the scenario (credential stuffing: kind attempt)
 * @param attemptsActioned attempts that drew any command
 */
public record CompromiseMetrics(
    String scenario,
    int sessions,
    int detected,
    Double detectionRate,
    int acted,
    Distribution requestsToAction,
    Distribution secondsToAction,
    int actedBeforeTakeover,
    int attempts,
    int attemptsActioned) {}
