package dev.vigil.train;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.model.Combination;
import dev.vigil.core.probability.CompromiseFilter;
import dev.vigil.injection.InjectionConfig;
import dev.vigil.train.EvidenceReplay.SessionRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * penalises towards 0 and has no bounds.) A code that fires in fewer than {@link #MIN_SUPPORT}
 * attacked training sessions keeps weight 1: with no evidence either way the hand-set term stands
 * (otherwise a code the injected attacks never show, such as impossible travel, would be driven to
 * 0 by benign sessions alone). The intercept is not kept: the filter's prior stays the model's.
 *
 * <p>The calibration map is Platt scaling (Platt 1999, with his smoothed targets: {@link
 * PlattObjective}) of the outcome on the filter's own log-odds with the fitted weights (a second
 * replay, so hazard, recovery and the clamp are the engine's), fitted on one half of the held-out
 * sessions and measured on the other. Its intercept is then corrected from the injected share of
 * attacked sessions to {@code targetBaseRate} (King and Zeng 2001, "Logistic regression in rare
 * events data": b += logit(target) - logit(sample share)), since the injected share is an artefact
 * of the training set.
 */
final class CombinationFit {
  /** Attacked training sessions in which a code must fire for its weight to be fitted. */
  static final int MIN_SUPPORT = 5;

  private static final double TOLERANCE = 1e-6;
  private static final int MAX_ITERATIONS = 500;

  /** The fitted code weights (per ordinal; 1 where not fitted) and the training counts. */
  record Weights(double[] weights, boolean[] fitted, int trainSessions, int trainAttacked) {}

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

  /** Where a session falls: 0 train, 1 calibration, 2 measurement (a seeded hash of its id). */
  static int part(long seed, String id, double heldOutShare) {
    double u = unit(seed, id);
    return u >= heldOutShare ? 0 : u < heldOutShare / 2 ? 1 : 2;
  }

  /** Fits the weights on the training part of {@code rows} (vectors of the raw terms). */
  static Weights weights(List<SessionRow> rows, InjectionConfig config, long seed) {
    List<SessionRow> train = new ArrayList<>();
    for (SessionRow r : rows) {
      if (part(seed, r.id, config.heldOutShare()) == 0) {
        train.add(r);
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
      // The attacker side must be seen; the benign side need not be: a fact this exchange's
      // owners never meet (no owner here adds an address and pays out to it at once) is exactly
      // where the weight should rise, and the prior keeps it finite (within the bound).
      fitted[k] = posSupport[k] >= MIN_SUPPORT;
      if (fitted[k]) {
        columns.add(k);
      }
    }
    double[] weights = new double[codes];
    Arrays.fill(weights, 1.0);
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
        // Rounded as the model file writes them, so the replay with them is the written model.
        weights[columns.get(j)] =
            TrainedModelWriter.round(Math.max(0, Math.min(Combination.MAX_WEIGHT, beta[j])));
      }
    }
    return new Weights(weights, fitted, train.size(), trainAttacked);
  }

  /**
   * Fits the calibration map on the calibration part and measures on the measurement part, from the
   * filter's log-odds at each session's end (or the attacker's last request): {@code base} as
   * replayed with the base model, {@code trained} with the fitted weights (same sessions).
   */
  static Fit calibrate(
      Weights w,
      List<SessionRow> base,
      List<SessionRow> trained,
      InjectionConfig config,
      long seed) {
    return calibrate(w, base, trained, config, seed, null);
  }

  /**
   * As above; with {@code fixedMap} ({a, b}) not null that map is kept instead of fitted and only
   * the metrics are measured.
   */
  static Fit calibrate(
      Weights w,
      List<SessionRow> base,
      List<SessionRow> trained,
      InjectionConfig config,
      long seed,
      double[] fixedMap) {
    Map<String, SessionRow> baseById = new HashMap<>();
    base.forEach(r -> baseById.put(r.id, r));
    List<SessionRow> calibrate = new ArrayList<>();
    List<SessionRow> measure = new ArrayList<>();
    for (SessionRow r : trained) {
      int part = part(seed, r.id, config.heldOutShare());
      if (part == 1) {
        calibrate.add(r);
      } else if (part == 2) {
        measure.add(r);
      }
    }
    double[] ab = fixedMap == null ? new double[] {1.0, 0.0} : fixedMap.clone();
    int calAttacked = 0;
    for (SessionRow r : calibrate) {
      calAttacked += r.attacked ? 1 : 0;
    }
    boolean twoClasses = fixedMap == null && calAttacked > 0 && calAttacked < calibrate.size();
    if (twoClasses) {
      double[] s = new double[calibrate.size()];
      boolean[] y = new boolean[calibrate.size()];
      for (int i = 0; i < s.length; i++) {
        s[i] = calibrate.get(i).logOdds;
        y[i] = calibrate.get(i).attacked;
      }
      double[] platt = {1.0, 0.0};
      BFGS.minimize(new PlattObjective(s, y), 5, platt, TOLERANCE, MAX_ITERATIONS);
      ab = new double[] {Math.max(0.01, Math.min(100, platt[0])), platt[1]};
    }
    double[] sc = new double[measure.size()];
    double[] baseSc = new double[measure.size()];
    double[] p = new double[measure.size()];
    boolean[] y = new boolean[measure.size()];
    for (int i = 0; i < sc.length; i++) {
      SessionRow r = measure.get(i);
      sc[i] = r.logOdds;
      SessionRow b = baseById.get(r.id);
      baseSc[i] = b == null ? Double.NaN : b.logOdds;
      p[i] = CompromiseFilter.probability(ab[0] * sc[i] + ab[1]);
      y[i] = r.attacked;
    }
    HeldOutMetrics metrics = HeldOutMetrics.of(sc, baseSc, p, y);
    double b = ab[1];
    if (twoClasses) {
      b +=
          CompromiseFilter.logit(config.targetBaseRate())
              - CompromiseFilter.logit(calAttacked / (double) calibrate.size());
    }
    b = Math.max(-50, Math.min(50, b));
    return new Fit(
        w.weights(),
        w.fitted(),
        ab[0],
        b,
        w.trainSessions(),
        w.trainAttacked(),
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

  /**
   * The weights moved a share {@code t} of the way from the base model's (1) to {@code w}, rounded
   * as the model file writes them: the candidates between the base model and the full fit.
   */
  static Weights shrunk(Weights w, double t) {
    double[] s = new double[w.weights().length];
    for (int k = 0; k < s.length; k++) {
      s[k] = TrainedModelWriter.round(1.0 + t * (w.weights()[k] - 1.0));
    }
    return new Weights(s, w.fitted(), w.trainSessions(), w.trainAttacked());
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
