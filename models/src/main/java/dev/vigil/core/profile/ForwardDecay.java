package dev.vigil.core.profile;

/**
 * Forward exponential decay with a landmark (Cormode et al., "Forward Decay", ICDE 2009).
 *
 * <p>An observation at time t is stored with weight exp((t - landmark) / tau); dividing a stored
 * count by the current weight gives its exponentially decayed value at "now" with half-life tau *
 * ln 2, without touching stored counts. When the current weight exceeds {@link #RESCALE_ABOVE} the
 * owner rescales its counts by 1 / weight and moves the landmark to now, which keeps floats far
 * from overflow (about once every 28 half-lives of activity).
 */
public final class ForwardDecay {
  /** Rescale threshold; float counts stay exact to 24 bits relative to the newest weight. */
  public static final double RESCALE_ABOVE = 1e12;

  private ForwardDecay() {}

  /** tau in milliseconds for a half-life in days. */
  public static double tauMillis(double halfLifeDays) {
    return halfLifeDays * 86_400_000d / Math.log(2);
  }

  public static double weight(long nowMillis, long landmarkMillis, double tauMillis) {
    return Math.exp((nowMillis - landmarkMillis) / tauMillis);
  }
}
