package dev.vigil.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The guard rails {@code vigil publish-model} holds a candidate model to: on the same backtest
 * ({@link ModelComparison}), it may not do more harm to benign traffic than the active model. Three
 * rules, each failing on its own:
 *
 * <ol>
 *   <li>benign kills: more benign sessions killed than the active model (no tolerance: a kill logs
 *       an owner out);
 *   <li>benign step-ups: a share of benign sessions stepped up or held higher than the active
 *       model's by more than {@link #STEP_UP_TOLERANCE} (0.1 percentage point, absolute), so that a
 *       session or two of noise on a small backtest does not block a model that catches more;
 *   <li>bot disruption: more trading-bot and market-maker sessions disrupted (killed, stepped up or
 *       held) than the active model (no tolerance: an API client cannot answer a step-up).
 * </ol>
 *
 * Detection is not a guard rail: a model that catches less but harms no one may be published (the
 * comparison shows it).
 */
public final class PublishGuard {
  /** Allowed rise of the benign step-up-or-hold share, as a fraction (0.001 = 0.1 pp). */
  public static final double STEP_UP_TOLERANCE = 0.001;

  /** A rule the candidate broke, with the figures of both models. */
  public record Failure(String metric, String detail) {
    @Override
    public String toString() {
      return metric + ": " + detail;
    }
  }

  private PublishGuard() {}

  /** The rules the candidate breaks against the active model; empty when it passes. */
  public static List<Failure> check(ModelOutcome active, ModelOutcome candidate) {
    List<Failure> failures = new ArrayList<>();
    if (candidate.benignKilled() > active.benignKilled()) {
      failures.add(
          new Failure(
              "benign sessions killed",
              String.format(
                  Locale.ROOT,
                  "candidate %d, active %d (of %d)",
                  candidate.benignKilled(),
                  active.benignKilled(),
                  active.benign())));
    }
    double rise = candidate.benignSteppedUpOrHeldRate() - active.benignSteppedUpOrHeldRate();
    if (rise > STEP_UP_TOLERANCE + 1e-12) { // the tolerance itself passes
      failures.add(
          new Failure(
              "benign step-up/hold rate",
              String.format(
                  Locale.ROOT,
                  "candidate %.2f%% (%d), active %.2f%% (%d) of %d: +%.2f pp, more than the %.1f pp"
                      + " allowed",
                  100 * candidate.benignSteppedUpOrHeldRate(),
                  candidate.benignSteppedUpOrHeld(),
                  100 * active.benignSteppedUpOrHeldRate(),
                  active.benignSteppedUpOrHeld(),
                  active.benign(),
                  100 * rise,
                  100 * STEP_UP_TOLERANCE)));
    }
    if (candidate.botDisrupted() > active.botDisrupted()) {
      failures.add(
          new Failure(
              "bot sessions disrupted",
              String.format(
                  Locale.ROOT,
                  "candidate %d, active %d (of %d bot and market-maker sessions)",
                  candidate.botDisrupted(),
                  active.botDisrupted(),
                  active.botSessions())));
    }
    return failures;
  }
}
