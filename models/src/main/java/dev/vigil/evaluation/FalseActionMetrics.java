package dev.vigil.evaluation;

/**
 * Actions taken on benign sessions of one group (a population or a hard case); each count is of
 * sessions with at least one such command, each rate that count over {@code sessions}.
 *
 * @param timeoutCut sessions given a SET_TIMEOUT below half of the population's {@link
 *     TimeoutDefaults}
 */
public record FalseActionMetrics(
    String group,
    int sessions,
    int killed,
    int steppedUp,
    int throttled,
    int timeoutCut,
    Double killedRate,
    Double steppedUpRate,
    Double throttledRate,
    Double timeoutCutRate) {}
