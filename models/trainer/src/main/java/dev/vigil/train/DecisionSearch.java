package dev.vigil.train;

import dev.vigil.core.model.Combination;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.probability.CompromiseFilter;
import dev.vigil.train.EvidenceReplay.SessionRow;
import java.util.Arrays;
import java.util.List;

/**
 * Fits the code weights and the operating point for what the exchange pays for: the most attacked
 * training sessions acted on before the attacker's last request, with no more benign sessions (in
 * all, and automated ones) acted on than the base model, by re-running the engine's own filter
 * recursion ({@link CompromiseFilter#step}) over each session's recorded terms ({@link
 * SessionTrace}) with candidate weights.
 *
 * <p>Why not the likelihood alone: a logistic fit of session evidence sums ({@link CombinationFit})
 * weighs a term by how well it separates the classes over whole sessions, while the engine acts
 * when a session's log-odds first cross a threshold. On the worlds in models/README.md the fit
 * lowered the terms that carry attacks over that threshold early (unusual transitions, endpoint
 * mix) because benign sessions show them too, and caught fewer takeovers at the base model's harm.
 * This search optimises the decision itself.
 *
 * <p>Method: coordinate ascent (each code in turn over {@link #WEIGHT_GRID}, then the map's
 * intercept over {@link #SHIFT_GRID}), accepting a change only when it acts on more attacked
 * sessions, or on as many with fewer benign ones, without exceeding the base model's benign counts;
 * at most {@link #MAX_ROUNDS} rounds. Only codes seen in at least {@link
 * CombinationFit#MIN_SUPPORT} attacked training sessions move. The recursion is the engine's but
 * the rest is approximated: an action is a step-up threshold crossing, or the hold threshold on a
 * withdrawal to an address the session whitelisted; the kill rule's evidence kinds, the policies'
 * dwell and the profile learner's dependence on the probability are left out, which is why the
 * result is a candidate that the full replay and the guard rails judge ({@link GuardedSelection}),
 * not the model itself. Cost: one pass over the recorded requests per evaluation, O(rounds x codes
 * x grid) evaluations; deterministic.
 */
final class DecisionSearch {
  static final double[] WEIGHT_GRID = {0, 0.5, 1, 1.5, 2};
  static final double[] SHIFT_GRID = {-1, -0.5, 0, 0.5, 1};
  static final int MAX_ROUNDS = 3;

  /**
   * Nats under the step-up threshold within which a benign automated session counts as near it. No
   * candidate may bring more bots that near than the base model does: an API client cannot answer a
   * step-up, and the surrogate leaves out the profile learner's feedback (a session whose
   * probability rises stops teaching its profile, so its later requests look newer still), which
   * the full replay showed to carry a bot over the threshold that the surrogate kept 1-2 nats under
   * it.
   */
  static final double AUTOMATED_MARGIN = 3.0;

  /**
   * Nats under the kill threshold within which a benign session counts as near a kill; no candidate
   * may bring more there than the base model. The surrogate does not model the kill rule (two kinds
   * of evidence, the breaker), and on cash-out-heavy a search without this bound moved the
   * operating point up by a nat and killed 5 owners where the base model killed 2.
   */
  static final double KILL_MARGIN = 2.0;

  /** How a weight vector and shift do on the training sessions. */
  record Score(
      int attacked,
      int acted,
      int benign,
      int harmed,
      int automated,
      int automatedHarmed,
      int automatedNear,
      int killNear) {
    boolean within(Score base) {
      return harmed <= base.harmed
          && automatedHarmed <= base.automatedHarmed
          && automatedNear <= base.automatedNear
          && killNear <= base.killNear;
    }

    boolean better(Score o) {
      return acted > o.acted || (acted == o.acted && harmed < o.harmed);
    }
  }

  /** The weights (per ordinal), the intercept shift, the scores and the evaluations made. */
  record Result(double[] weights, double shift, Score base, Score best, int evaluations) {}

  private DecisionSearch() {}

  /**
   * Searches from weights 1 and shift 0 over the traced rows of {@code training}'s training part.
   *
   * @param movable per code ordinal, whether its weight may move
   */
  static Result search(
      List<SessionRow> training, boolean[] movable, RiskModel model, long seed, double heldOut) {
    List<SessionRow> rows =
        training.stream()
            .filter(r -> r.trace != null && CombinationFit.part(seed, r.id, heldOut) == 0)
            .toList();
    double[] w = new double[EvidenceReplay.CODES];
    Arrays.fill(w, 1.0);
    double shift = 0;
    Score base = score(rows, w, shift, model);
    Score best = base;
    int evaluations = 1;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      boolean changed = false;
      for (int k = 0; k < w.length; k++) {
        if (!movable[k]) {
          continue;
        }
        double keep = w[k];
        for (double v : WEIGHT_GRID) {
          if (v == w[k] || v > Combination.MAX_WEIGHT) {
            continue;
          }
          double was = w[k];
          w[k] = v;
          Score s = score(rows, w, shift, model);
          evaluations++;
          if (s.within(base) && s.better(best)) {
            best = s;
            keep = v;
            changed = true;
          }
          w[k] = was;
        }
        w[k] = keep;
      }
      double keepShift = shift;
      for (double v : SHIFT_GRID) {
        if (v == shift) {
          continue;
        }
        Score s = score(rows, w, v, model);
        evaluations++;
        if (s.within(base) && s.better(best)) {
          best = s;
          keepShift = v;
          changed = true;
        }
      }
      shift = keepShift;
      if (!changed) {
        break;
      }
    }
    return new Result(w, shift, base, best, evaluations);
  }

  /** Re-runs the filter over every row with weights {@code w} and the map's intercept {@code b}. */
  static Score score(List<SessionRow> rows, double[] w, double b, RiskModel m) {
    RiskModel.Filter f = m.filter;
    double start = CompromiseFilter.logit(f.priorProbability);
    double h = f.hazardPerRequest;
    double q = 1.0 - h - f.recoveryPerRequest;
    double rest = h / (h + f.recoveryPerRequest);
    double stepUp = CompromiseFilter.logit(m.policy.stepUpEnter) - b;
    double hold = CompromiseFilter.logit(m.policy.response.holdEnter) - b;
    int attacked = 0;
    int acted = 0;
    int benign = 0;
    int harmed = 0;
    int automated = 0;
    int automatedHarmed = 0;
    int automatedNear = 0;
    int killNear = 0;
    double near = stepUp - AUTOMATED_MARGIN;
    double nearKill = CompromiseFilter.logit(m.policy.killEnter) - b - KILL_MARGIN;
    for (SessionRow r : rows) {
      SessionTrace t = r.trace;
      double l = start;
      boolean hit = false;
      double peak = l;
      int term = 0;
      for (int i = 0; i < t.size && !(hit && r.attacked); i++) {
        int gap = t.gaps[i];
        if (gap > 0) {
          // gap plain requests: p -> rest + q^gap (p - rest), the filter's prediction step
          // repeated with no evidence (its clamp cannot bind between the clamped ends).
          double p = CompromiseFilter.probability(l);
          l = CompromiseFilter.logit(rest + Math.pow(q, gap) * (p - rest));
          l = Math.max(-f.maxAbsLogOdds, Math.min(f.maxAbsLogOdds, l));
        }
        double total = 0;
        for (int end = t.termEnd[i]; term < end; term++) {
          total += w[t.codes[term]] * t.values[term];
        }
        l = CompromiseFilter.step(l, total, f);
        peak = Math.max(peak, l);
        byte flags = t.flags[i];
        boolean acts = l >= stepUp || ((flags & SessionTrace.HOLDABLE) != 0 && l >= hold);
        if (acts && (!r.attacked || (flags & SessionTrace.ATTACKER) != 0)) {
          hit = true;
        }
      }
      if (r.attacked) {
        attacked++;
        acted += hit ? 1 : 0;
      } else {
        benign++;
        harmed += hit ? 1 : 0;
        killNear += peak >= nearKill ? 1 : 0;
        if (r.automated) {
          automated++;
          automatedHarmed += hit ? 1 : 0;
          automatedNear += peak >= near ? 1 : 0;
        }
      }
    }
    return new Score(
        attacked, acted, benign, harmed, automated, automatedHarmed, automatedNear, killNear);
  }
}
