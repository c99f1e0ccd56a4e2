package dev.vigil.core.probability;

import dev.vigil.core.model.RiskModel;

/**
 * Two-state hidden Markov filter of whether a session is compromised, in log-odds form.
 *
 * <p>States: clean (owner in control) and compromised. Between consecutive requests the chain moves
 * clean to compromised with the takeover hazard h and compromised to clean with the recovery rate r
 * (which lets stale noise fade). The forward recursion (Rabiner, "A Tutorial on Hidden Markov
 * Models", Proc. IEEE 77(2), 1989) is, with p the filtered probability:
 *
 * <pre>
 *   predict:  p' = h + (1 - h - r) * p
 *   update:   logit(p'') = logit(p') + sum_i llr_i
 * </pre>
 *
 * where llr_i are the event's evidence terms ln P(e_i | compromised) - ln P(e_i | clean). The
 * update is exact Bayes if the terms are conditionally independent given the state; they are
 * positively correlated in practice (a new network often brings a new client), so the model's
 * evidence weights are below 1 to discount double counting. The log-odds are clamped to +/- {@code
 * maxAbsLogOdds} so that a long run of benign or hostile evidence cannot make the filter deaf to
 * new evidence.
 *
 * <p>Properties (tested): the probability is in [0, 1]; it is non-decreasing in the total evidence
 * and in the previous probability (since h + r < 1). Stateless, no allocation.
 */
public final class CompromiseFilter {
  private CompromiseFilter() {}

  /** One request: predict with hazard and recovery, then add the evidence. */
  public static double step(double logOdds, double totalLlr, RiskModel.Filter f) {
    double p = probability(logOdds);
    double predicted = f.hazardPerRequest + (1.0 - f.hazardPerRequest - f.recoveryPerRequest) * p;
    double l = logit(predicted) + totalLlr;
    if (Double.isNaN(l)) {
      return logOdds;
    }
    return Math.max(-f.maxAbsLogOdds, Math.min(f.maxAbsLogOdds, l));
  }

  public static double probability(double logOdds) {
    return 1.0 / (1.0 + Math.exp(-logOdds));
  }

  public static double logit(double p) {
    double q = Math.max(1e-300, Math.min(1.0 - 1e-16, p));
    return Math.log(q / (1.0 - q));
  }
}
