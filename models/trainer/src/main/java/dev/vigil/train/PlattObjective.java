package dev.vigil.train;

import smile.math.DifferentiableMultivariateFunction;

/**
 * Platt scaling's objective with Platt's own targets (Platt 1999, "Probabilistic outputs for
 * support vector machines", section 2.2): the cross-entropy of p_i = sigmoid(a s_i + b) against t+
 * = (N+ + 1) / (N+ + 2) for attacked sessions and t- = 1 / (N- + 2) for the others, instead of 1
 * and 0. The targets keep the map from turning into a step when the classes barely overlap (as
 * injected attacks often are against benign sessions): a plain logistic fit then drives a to
 * infinity. Parameters: a, b. Minimised with Smile's L-BFGS; sums in one fixed order.
 */
final class PlattObjective implements DifferentiableMultivariateFunction {
  private final double[] s;
  private final double[] t;

  PlattObjective(double[] score, boolean[] attacked) {
    int pos = 0;
    for (boolean b : attacked) {
      pos += b ? 1 : 0;
    }
    int neg = attacked.length - pos;
    double hi = (pos + 1.0) / (pos + 2.0);
    double lo = 1.0 / (neg + 2.0);
    this.s = score;
    this.t = new double[score.length];
    for (int i = 0; i < score.length; i++) {
      t[i] = attacked[i] ? hi : lo;
    }
  }

  @Override
  public double f(double[] ab) {
    return g(ab, new double[2]);
  }

  @Override
  public double g(double[] ab, double[] g) {
    double f = 0;
    g[0] = 0;
    g[1] = 0;
    for (int i = 0; i < s.length; i++) {
      double z = ab[0] * s[i] + ab[1];
      // -[t ln p + (1 - t) ln(1 - p)] = softplus(z) - t z
      f += WeightObjective.softplus(z) - t[i] * z;
      double err = WeightObjective.sigmoid(z) - t[i];
      g[0] += err * s[i];
      g[1] += err;
    }
    return f;
  }
}
