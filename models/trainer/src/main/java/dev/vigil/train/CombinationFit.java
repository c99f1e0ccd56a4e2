package dev.vigil.train;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.model.Combination;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.probability.CompromiseFilter;
import dev.vigil.train.EvidenceReplay.SessionRow;
import java.util.ArrayList;
import java.util.List;
import smile.classification.LogisticRegression;
import smile.math.BFGS;

/**
 * Fits how the evidence terms combine, from labelled evidence vectors.
 *
 * <p>The filter adds a session's terms to the log-odds, so {@code logit P(attacked | x) = c + sum_k
 * w_k x_k} with every {@code w_k = 1} is the base model; an L2-regularised logistic regression over
 * the per-code sums re-estimates each {@code w_k} from the data, with the penalty centred on the
 * base model's weight of 1 rather than on 0 ({@link WeightObjective}: a term the data says little
 * about keeps its hand-set, first-principles weight) and the bounds [0, 2] enforced by Smile's
 * L-BFGS ({@code smile.math.BFGS}) through a parametrisation that keeps them, so the optimum is the
 * constrained one: a term never flips sign, 0 switches it off. (Smile's {@code LogisticRegression}
 * penalises towards 0 and has no bounds; it fits the one-feature calibration map below.) A code
 * that fires in fewer than {@link #MIN_SUPPORT} training sessions of either class keeps weight 1:
 * with no evidence either way the hand-set term stands (otherwise a code the injected attacks never
 * show, such as impossible travel, would be driven to 0 by benign sessions alone). The intercept is
 * not kept: the filter's prior stays the model's.
 *
 * <p>The calibration map is Platt scaling (Platt 1999): a one-feature logistic regression of the
 * outcome on the combined log-odds {@code s = clamp(logit(prior) + sum_k w_k x_k)}, fitted on one
 * half of the held-out sessions and measured on the other. Its intercept is then corrected from the
 * injected share of attacked sessions to {@code targetBaseRate} (King and Zeng 2001, "Logistic
 * regression in rare events data": b += logit(target) - logit(sample share)), since the injected
 * share is an artefact of the training set. The score ignores the filter's hazard and recovery
 * (about 1e-3 nats per request) and its clamp within a session: an approximation of its log-odds.
 */
final class CombinationFit {
  /** Sessions of each class in which a code must fire for its weight to be fitted. */
  static final int MIN_SUPPORT = 5;

  private static final double TOLERANCE = 1e-6;
  private static final int MAX_ITERATIONS = 500;

  /** The result: weights per code ordinal, the calibration map and the held-out metrics. */
  record Fit(
      double[] weights,
      boolean[] fitted,
      double a,
      double b,
      int trainSessions,
      int trainAttacked,
      int calibrationSessions,
      int calibrationAttacked,
      HeldOutMetrics metrics) {}

  private CombinationFit() {}

  static Fit fit(List<SessionRow> rows, RiskModel base, InjectionConfig config, long seed) {
    List<SessionRow> train = new ArrayList<>();
    List<SessionRow> calibrate = new ArrayList<>();
    List<SessionRow> measure = new ArrayList<>();
    for (SessionRow r : rows) {
      double u = unit(seed, r.id);
      if (u >= config.heldOutShare()) {
        train.add(r);
      } else if (u < config.heldOutShare() / 2) {
        calibrate.add(r);
      } else {
        measure.add(r);
      }
    }
    int codes = EvidenceReplay.CODES;
    boolean[] fitted = new boolean[codes];
    int[] posSupport = new int[codes];
    int[] negSupport = new int[codes];
    int trainAttacked = 0;
    for (SessionRow r : train) {
      trainAttacked += r.attacked ? 1 : 0;
      for (int k = 0; k < codes; k++) {
        if (r.llr[k] != 0) {
          if (r.attacked) {
            posSupport[k]++;
          } else {
            negSupport[k]++;
          }
        }
      }
    }
    if (trainAttacked == 0 || trainAttacked == train.size()) {
      throw new IllegalArgumentException(
          "the training sessions are all of one class ("
              + trainAttacked
              + " attacked of "
              + train.size()
              + "); inject attacks (raise the counts under 'attacks' in --injection) or give a"
              + " longer history");
    }
    List<Integer> columns = new ArrayList<>();
    for (int k = 0; k < codes; k++) {
      fitted[k] = posSupport[k] >= MIN_SUPPORT && negSupport[k] >= MIN_SUPPORT;
      if (fitted[k]) {
        columns.add(k);
      }
    }
    double[] weights = new double[codes];
    java.util.Arrays.fill(weights, 1.0);
    if (!columns.isEmpty()) {
      double[][] x = new double[train.size()][columns.size()];
      int[] y = new int[train.size()];
      for (int i = 0; i < train.size(); i++) {
        for (int j = 0; j < columns.size(); j++) {
          x[i][j] = train.get(i).llr[columns.get(j)];
        }
        y[i] = train.get(i).attacked ? 1 : 0;
      }
      double[] beta = weights(x, y, config.l2(), trainAttacked / (double) train.size());
      for (int j = 0; j < columns.size(); j++) {
        weights[columns.get(j)] = Math.max(0, Math.min(Combination.MAX_WEIGHT, beta[j]));
      }
    }
    double prior = CompromiseFilter.logit(base.filter.priorProbability);
    double clamp = base.filter.maxAbsLogOdds;
    double[] ab = {1.0, 0.0};
    int calAttacked = 0;
    for (SessionRow r : calibrate) {
      calAttacked += r.attacked ? 1 : 0;
    }
    if (calAttacked > 0 && calAttacked < calibrate.size()) {
      double[][] s = new double[calibrate.size()][1];
      int[] y = new int[calibrate.size()];
      for (int i = 0; i < s.length; i++) {
        s[i][0] = score(calibrate.get(i), weights, prior, clamp);
        y[i] = calibrate.get(i).attacked ? 1 : 0;
      }
      double[] platt = logistic(s, y, 0.0);
      ab = new double[] {Math.max(0.01, Math.min(100, platt[0])), platt[1]};
    }
    double[] ones = new double[codes];
    java.util.Arrays.fill(ones, 1.0);
    double[] sc = new double[measure.size()];
    double[] baseSc = new double[measure.size()];
    double[] p = new double[measure.size()];
    boolean[] y = new boolean[measure.size()];
    for (int i = 0; i < sc.length; i++) {
      sc[i] = score(measure.get(i), weights, prior, clamp);
      baseSc[i] = score(measure.get(i), ones, prior, clamp);
      p[i] = CompromiseFilter.probability(ab[0] * sc[i] + ab[1]);
      y[i] = measure.get(i).attacked;
    }
    HeldOutMetrics metrics = HeldOutMetrics.of(sc, baseSc, p, y);
    double b = ab[1];
    if (calAttacked > 0 && calAttacked < calibrate.size()) {
      b +=
          CompromiseFilter.logit(config.targetBaseRate())
              - CompromiseFilter.logit(calAttacked / (double) calibrate.size());
    }
    b = Math.max(-50, Math.min(50, b));
    return new Fit(
        weights,
        fitted,
        ab[0],
        b,
        train.size(),
        trainAttacked,
        calibrate.size(),
        calAttacked,
        metrics);
  }

  /**
   * The code weights by Smile's L-BFGS on {@link WeightObjective}: from weights 1 (theta 0) and the
   * intercept at the logit of the attacked share.
   */
  static double[] weights(double[][] x, int[] y, double lambda, double share) {
    int p = x[0].length;
    double[] theta = new double[p + 1];
    theta[p] = CompromiseFilter.logit(share);
    BFGS.minimize(new WeightObjective(x, y, lambda), 5, theta, TOLERANCE, MAX_ITERATIONS);
    double[] w = new double[p];
    for (int k = 0; k < p; k++) {
      w[k] = WeightObjective.weight(theta[k]);
    }
    return w;
  }

  /** The combined log-odds of a session: the filter's prior plus the weighted terms, clamped. */
  static double score(SessionRow r, double[] w, double prior, double clamp) {
    double s = prior;
    for (int k = 0; k < w.length; k++) {
      s += w[k] * r.llr[k];
    }
    return Math.max(-clamp, Math.min(clamp, s));
  }

  /**
   * Smile's binomial logistic regression; returns the coefficients, intercept last. One data
   * partition, so that the objective is summed in one fixed order and the fit is the same on any
   * number of cores (Smile sums partitions in parallel).
   */
  static double[] logistic(double[][] x, int[] y, double lambda) {
    String key = "smile.data.partition.size";
    String before = System.getProperty(key);
    System.setProperty(key, Integer.toString(Math.max(1, x.length)));
    try {
      return LogisticRegression.binomial(x, y, lambda, TOLERANCE, MAX_ITERATIONS).coefficients();
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
  }

  /** A seeded hash of the session id, uniform in [0, 1): the train/held-out split. */
  static double unit(long seed, String id) {
    long h = seed * 0x9E3779B97F4A7C15L;
    for (int i = 0; i < id.length(); i++) {
      h = (h ^ id.charAt(i)) * 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return (h >>> 11) * 0x1.0p-53;
  }

  /** Wire code of ordinal {@code k}. */
  static String code(int k) {
    return EvidenceCode.byOrdinal(k).code();
  }
}
