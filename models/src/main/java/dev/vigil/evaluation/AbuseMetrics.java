package dev.vigil.evaluation;

/**
 * How Vigil treated one abuse scenario: a rate limit is the right answer, a kill is wrong.
 *
 * @param throttled sessions with a SET_RATE_LIMIT
 * @param killed sessions with a KILL
 * @param steppedUp sessions with a STEP_UP
 */
public record AbuseMetrics(
    String scenario,
    int sessions,
    int throttled,
    int killed,
    int steppedUp,
    Double throttledRate,
    Double killedRate) {}
