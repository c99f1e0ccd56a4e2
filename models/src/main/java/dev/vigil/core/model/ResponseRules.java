package dev.vigil.core.model;

/**
 * The optional keys under {@code policy} that make a response fit its evidence (read from the same
 * JSON object as {@link PolicySettings}; every key optional, so older model files load):
 *
 * <ul>
 *   <li>{@code killMinKindLlr} (0-50, default 1): a kill needs evidence of at least two independent
 *       kinds ({@code EvidenceKind}), each carrying at least this many nats; 0 turns the rule off.
 *   <li>{@code holdEnter} (0-1, off if absent): probability at which a withdrawal or whitelist
 *       change gets HOLD_WITHDRAWALS (derivation in {@code dev.vigil.core.policy.HoldRule}).
 *   <li>{@code holdSeconds} (60-2592000, default 86400): how long a hold lasts unless lifted.
 *   <li>{@code killBreakerRatio} (1-1e6, default 10), {@code killBreakerMinKills} (0-1e6, default
 *       10; 0 turns the breaker off), {@code killBreakerRecentHalfLifeSeconds} (1-86400, default
 *       600), {@code killBreakerBaselineHalfLifeSeconds} (60-3e7, default 86400): the kill-rate
 *       circuit breaker ({@code dev.vigil.core.policy.KillRateBreaker}).
 *   <li>{@code behaviourCountsAtVolume} (true if absent; vigil-default-8 false): whether evidence
 *       of kind behaviour lets a session whose request-rate term fired escalate ({@code
 *       dev.vigil.core.policy.EvidenceKinds#beyondVolume}).
 * </ul>
 *
 * <p>The safety rules (two kinds, the breaker) are on when their keys are absent: they only ever
 * soften a kill into a step-up. The hold, a new action, is off unless {@code holdEnter} is set,
 * except when a kill is withheld on a withdrawal (then the withdrawal is held instead).
 */
public final class ResponseRules {
  public static final double DEFAULT_KILL_MIN_KIND_LLR = 1.0;
  public static final double DEFAULT_HOLD_SECONDS = 86_400;
  public static final double DEFAULT_BREAKER_RATIO = 10;
  public static final double DEFAULT_BREAKER_MIN_KILLS = 10;
  public static final double DEFAULT_BREAKER_RECENT_HALF_LIFE_SECONDS = 600;
  public static final double DEFAULT_BREAKER_BASELINE_HALF_LIFE_SECONDS = 86_400;

  public final double killMinKindLlr;

  /** Probability at which a cash-out request is held; above 1 (never) when absent. */
  public final double holdEnter;

  public final long holdSeconds;
  public final double killBreakerRatio;
  public final double killBreakerMinKills;
  public final double killBreakerRecentHalfLifeSeconds;
  public final double killBreakerBaselineHalfLifeSeconds;
  public final boolean behaviourCountsAtVolume;

  ResponseRules(StrictNode n, double stepUpEnter) {
    killMinKindLlr =
        n.has("killMinKindLlr") ? n.number("killMinKindLlr", 0, 50) : DEFAULT_KILL_MIN_KIND_LLR;
    holdEnter = n.has("holdEnter") ? n.number("holdEnter", 0, 1) : Double.POSITIVE_INFINITY;
    holdSeconds =
        (long)
            (n.has("holdSeconds") ? n.number("holdSeconds", 60, 2_592_000) : DEFAULT_HOLD_SECONDS);
    killBreakerRatio =
        n.has("killBreakerRatio") ? n.number("killBreakerRatio", 1, 1e6) : DEFAULT_BREAKER_RATIO;
    killBreakerMinKills =
        n.has("killBreakerMinKills")
            ? n.number("killBreakerMinKills", 0, 1e6)
            : DEFAULT_BREAKER_MIN_KILLS;
    killBreakerRecentHalfLifeSeconds =
        n.has("killBreakerRecentHalfLifeSeconds")
            ? n.number("killBreakerRecentHalfLifeSeconds", 1, 86_400)
            : DEFAULT_BREAKER_RECENT_HALF_LIFE_SECONDS;
    killBreakerBaselineHalfLifeSeconds =
        n.has("killBreakerBaselineHalfLifeSeconds")
            ? n.number("killBreakerBaselineHalfLifeSeconds", 60, 3e7)
            : DEFAULT_BREAKER_BASELINE_HALF_LIFE_SECONDS;
    behaviourCountsAtVolume =
        !n.has("behaviourCountsAtVolume") || n.bool("behaviourCountsAtVolume");
    if (holdEnter > stepUpEnter && holdEnter <= 1) {
      throw new ModelValidationException(
          n.path() + ".holdEnter", "must be at most stepUpEnter (a hold is the cheaper response)");
    }
    if (killBreakerRecentHalfLifeSeconds >= killBreakerBaselineHalfLifeSeconds) {
      throw new ModelValidationException(
          n.path(),
          "killBreakerRecentHalfLifeSeconds must be shorter than"
              + " killBreakerBaselineHalfLifeSeconds");
    }
  }

  /** Whether the kill-rate breaker is on. */
  public boolean breakerEnabled() {
    return killBreakerMinKills > 0;
  }
}
