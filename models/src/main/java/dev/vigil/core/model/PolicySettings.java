package dev.vigil.core.model;

/** From probability to commands. */
public final class PolicySettings {
  public final double stepUpEnter;

  /**
   * Step-up threshold on a sensitive request (a withdrawal, a whitelist change), where a wrong
   * "allow" loses the balance rather than an hour of exposure (optional; {@link #stepUpEnter} if
   * absent). The default is stepUpEnter / withdrawalExposureMultiplier.
   */
  public final double sensitiveStepUpEnter;

  public final double stepUpExit;
  public final double killEnter;
  public final double minDwellSeconds;
  public final double timeoutChangeRatio;
  public final double rateLimitChangeRatio;
  public final double commandTtlSeconds;
  public final double automatedMaxIntervalCv;
  public final int automatedMinRequests;
  public final double rateLimitMinFactor;

  /**
   * Usage ceiling (optional; 0 = off when absent): a session sustaining more than this many times
   * its account's usual request rate is throttled to that ceiling, whatever its probability.
   */
  public final double usageRateMultiplier;

  /** ... or more than this many standard deviations above it, whichever is higher. */
  public final double usageRateZ;

  /** ln({@link #usageRateMultiplier}), computed once for the per-event path. */
  public final double usageLogRateMultiplier;

  public final CostProfile human;
  public final CostProfile automated;
  public final TimeoutBounds aal2;
  public final TimeoutBounds aal3;

  /** Two kinds to kill, the kill-rate breaker, withdrawal holds (optional keys). */
  public final ResponseRules response;

  /** The account-level incident response (the optional object {@code account}). */
  public final AccountResponseRules account;

  PolicySettings(StrictNode n) {
    stepUpEnter = n.number("stepUpEnter", 0, 1);
    stepUpExit = n.number("stepUpExit", 0, 1);
    sensitiveStepUpEnter =
        n.has("sensitiveStepUpEnter") ? n.number("sensitiveStepUpEnter", 0, 1) : stepUpEnter;
    killEnter = n.number("killEnter", 0, 1);
    minDwellSeconds = n.number("minDwellSeconds", 0, 86400);
    timeoutChangeRatio = n.number("timeoutChangeRatio", 0, 1);
    rateLimitChangeRatio = n.number("rateLimitChangeRatio", 0, 1);
    commandTtlSeconds = n.number("commandTtlSeconds", 1, 86400);
    automatedMaxIntervalCv = n.number("automatedMaxIntervalCv", 0, 10);
    automatedMinRequests = n.integer("automatedMinRequests", 2, 1_000_000);
    rateLimitMinFactor = n.number("rateLimitMinFactor", 0.001, 1);
    usageRateMultiplier =
        n.has("usageRateMultiplier") ? n.number("usageRateMultiplier", 1, 1e6) : 0.0;
    usageRateZ = n.has("usageRateZ") ? n.number("usageRateZ", 0, 50) : 0.0;
    usageLogRateMultiplier = usageRateMultiplier > 0 ? Math.log(usageRateMultiplier) : 0.0;
    human = new CostProfile(n.object("human"));
    automated = new CostProfile(n.object("automated"));
    aal2 = new TimeoutBounds(n.object("aal2"));
    aal3 = new TimeoutBounds(n.object("aal3"));
    response = new ResponseRules(n, stepUpEnter);
    account =
        n.has("account")
            ? new AccountResponseRules(n.object("account"))
            : AccountResponseRules.DEFAULTS;
    if (!(stepUpExit < stepUpEnter && stepUpEnter < killEnter)
        || sensitiveStepUpEnter > stepUpEnter) {
      throw new ModelValidationException(
          n.path(),
          "thresholds must satisfy stepUpExit < stepUpEnter < killEnter and sensitiveStepUpEnter <="
              + " stepUpEnter");
    }
    n.finish();
  }
}
