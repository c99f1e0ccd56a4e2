package dev.vigil.core.volume;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.DoubleHistogram;

/**
 * Recommended per-endpoint rate limits from the distribution of per-session peak rates: the {@code
 * quantile} of peaks times a {@code headroom} factor, so that limits protect against denial of
 * service while all but the top (1 - quantile) of legitimate sessions never meet them.
 *
 * <p>Each endpoint holds an HdrHistogram {@link DoubleHistogram} (Tene; 2 significant digits, so a
 * quantile is within 1 % of the true value of the recorded data) of peaks. Memory is bounded: at
 * most {@code maxEndpoints} histograms of a few KiB; peaks of further endpoints share one overflow
 * histogram under {@link #OTHER}. Not on the per-event path: the caller records one peak per
 * session and endpoint (for example when the session ends). Not thread-safe.
 */
public final class PeakRateLimits {
  /** Key of the overflow histogram. */
  public static final String OTHER = "*";

  private static final int SIGNIFICANT_DIGITS = 2;
  private static final long DYNAMIC_RANGE = 1_000_000_000L;

  private final int maxEndpoints;
  private final Map<String, DoubleHistogram> byEndpoint = new HashMap<>();

  public PeakRateLimits(int maxEndpoints) {
    if (maxEndpoints < 1) {
      throw new IllegalArgumentException("maxEndpoints must be at least 1");
    }
    this.maxEndpoints = maxEndpoints;
  }

  /** Records one session's peak request rate (requests per second) on {@code endpoint}. */
  public void recordSessionPeak(String endpoint, double peakRequestsPerSecond) {
    if (!(peakRequestsPerSecond > 0) || Double.isInfinite(peakRequestsPerSecond)) {
      return;
    }
    DoubleHistogram h = byEndpoint.get(endpoint);
    if (h == null) {
      String key = byEndpoint.size() < maxEndpoints ? endpoint : OTHER;
      h =
          byEndpoint.computeIfAbsent(
              key, k -> new DoubleHistogram(DYNAMIC_RANGE, SIGNIFICANT_DIGITS));
    }
    h.recordValue(peakRequestsPerSecond);
  }

  /** The recommended limit for {@code endpoint}, or NaN when nothing was recorded. */
  public double recommendedLimit(String endpoint, double quantile, double headroom) {
    return quantile(endpoint, quantile) * headroom;
  }

  /**
   * The {@code quantile} of the peaks recorded for {@code endpoint} (within 1 % of the recorded
   * value it stands for, either side), or NaN when none.
   */
  public double quantile(String endpoint, double quantile) {
    DoubleHistogram h = histogram(endpoint);
    return h == null ? Double.NaN : h.getValueAtPercentile(100.0 * quantile);
  }

  /** Peaks recorded for {@code endpoint} (one per session that used it). */
  public long sessions(String endpoint) {
    DoubleHistogram h = histogram(endpoint);
    return h == null ? 0 : h.getTotalCount();
  }

  /** The highest peak recorded for {@code endpoint} (within the 2-digit precision), or NaN. */
  public double observedMax(String endpoint) {
    DoubleHistogram h = histogram(endpoint);
    return h == null ? Double.NaN : h.getMaxValue();
  }

  private DoubleHistogram histogram(String endpoint) {
    DoubleHistogram h = byEndpoint.getOrDefault(endpoint, byEndpoint.get(OTHER));
    return h == null || h.getTotalCount() == 0 ? null : h;
  }

  /** Recommendations for every endpoint with data, in endpoint order. */
  public Map<String, Double> recommendations(double quantile, double headroom) {
    Map<String, Double> out = new TreeMap<>();
    for (String e : byEndpoint.keySet()) {
      out.put(e, recommendedLimit(e, quantile, headroom));
    }
    return out;
  }

  public int endpoints() {
    return byEndpoint.size();
  }
}
