package dev.vigil.train;

import smile.math.DifferentiableMultivariateFunction;

/**
 * The negative log-posterior of the code weights: the logistic log-loss of {@code z_i = c + sum_k
 * w_k x_ik} summed over sessions, plus {@code lambda / 2 * sum_k (w_k - 1)^2}, a Gaussian prior of
 * standard deviation {@code 1 / sqrt(lambda)} centred on the base model's weights of 1 (a MAP
 * estimate, not a weight fitted to the data alone: with few sessions a weight stays near the
 * hand-set value its likelihood ratio was derived from). Parameters: the p weights, then the
 * intercept c (not penalised). Sums run in one fixed order, so the value does not depend on the
 * number of cores.
 *
 * <p>The bounds [0, 2] are kept by the parametrisation {@code w_k = 2 sigmoid(theta_k)}: Smile's
 * unbounded L-BFGS (pure Java) minimises over theta, so the optimum is the constrained one (its
 * bounded L-BFGS-B needs the native OpenBLAS, which is not on the trainer's class path). A weight
 * at a bound is reached only in the limit; {@link #weight} maps theta back.
 */
final class WeightObjective implements DifferentiableMultivariateFunction {
  private final double[][] x;
  private final int[] y;
  private final double lambda;
  private final int p;

  WeightObjective(double[][] x, int[] y, double lambda) {
    this.x = x;
    this.y = y;
    this.lambda = lambda;
    this.p = x[0].length;
  }

  /** The weight of parameter {@code theta}: 2 sigmoid(theta), in (0, 2). */
  static double weight(double theta) {
    return 2.0 * sigmoid(theta);
  }

  @Override
  public double f(double[] theta) {
    double[] w = weights(theta);
    double f = 0;
    for (int i = 0; i < x.length; i++) {
      double z = z(x[i], w);
      f += softplus(z) - y[i] * z;
    }
    return f + penalty(w, null);
  }

  @Override
  public double g(double[] theta, double[] g) {
    double[] w = weights(theta);
    java.util.Arrays.fill(g, 0.0);
    double f = 0;
    for (int i = 0; i < x.length; i++) {
      double z = z(x[i], w);
      f += softplus(z) - y[i] * z;
      double err = sigmoid(z) - y[i];
      for (int k = 0; k < p; k++) {
        g[k] += err * x[i][k];
      }
      g[p] += err;
    }
    double value = f + penalty(w, g);
    for (int k = 0; k < p; k++) {
      // dw/dtheta = 2 sigmoid (1 - sigmoid) = w (1 - w / 2).
      g[k] *= w[k] * (1.0 - w[k] / 2.0);
    }
    return value;
  }

  private double[] weights(double[] theta) {
    double[] w = theta.clone();
    for (int k = 0; k < p; k++) {
      w[k] = weight(theta[k]);
    }
    return w;
  }

  private double penalty(double[] w, double[] g) {
    double s = 0;
    for (int k = 0; k < p; k++) {
      double d = w[k] - 1.0;
      s += d * d;
      if (g != null) {
        g[k] += lambda * d;
      }
    }
    return 0.5 * lambda * s;
  }

  private double z(double[] xi, double[] w) {
    double z = w[p];
    for (int k = 0; k < p; k++) {
      z += w[k] * xi[k];
    }
    return z;
  }

  /** ln(1 + e^z) without overflow. */
  static double softplus(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }

  static double sigmoid(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }
}
