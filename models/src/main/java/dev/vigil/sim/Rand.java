package dev.vigil.sim;

import java.util.SplittableRandom;

/** Variates used by the behaviours (inverse-transform sampling on SplittableRandom). */
final class Rand {
  private Rand() {}

  /** Exponential with the given mean, rounded up to whole ms (at least 1 ms). */
  static long expMillis(SplittableRandom rng, double meanMillis) {
    return Math.max(1L, (long) Math.ceil(-Math.log(1.0 - rng.nextDouble()) * meanMillis));
  }

  /** Log-normal with the given median and log-space standard deviation. */
  static double logNormal(SplittableRandom rng, double median, double sigma) {
    return median * Math.exp(sigma * rng.nextGaussian());
  }

  /** Pareto (type I) with scale {@code min} and tail index {@code alpha}: heavy-tailed sizes. */
  static double pareto(SplittableRandom rng, double min, double alpha) {
    return min * Math.pow(1.0 - rng.nextDouble(), -1.0 / alpha);
  }

  static long between(SplittableRandom rng, long lo, long hi) {
    return lo + (long) (rng.nextDouble() * (hi - lo));
  }

  /** Index drawn from cumulative weights {@code cdf} (last element = total). */
  static int pick(SplittableRandom rng, double[] cdf) {
    double u = rng.nextDouble() * cdf[cdf.length - 1];
    for (int i = 0; i < cdf.length; i++) {
      if (u < cdf[i]) {
        return i;
      }
    }
    return cdf.length - 1;
  }

  static double[] cumulative(double... w) {
    double[] c = new double[w.length];
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      s += w[i];
      c[i] = s;
    }
    return c;
  }

  /** SplitMix64 finaliser (Steele, Lea, Flood 2014): a well-mixed 64-bit hash of {@code z}. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** 16 lower-case hex digits of a hash of the arguments: opaque, deterministic ids. */
  static String hex(long a, long b) {
    String h = Long.toHexString(mix(mix(a) + b));
    return "0".repeat(16 - h.length()) + h;
  }
}
