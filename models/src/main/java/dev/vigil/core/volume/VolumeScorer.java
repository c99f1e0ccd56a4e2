package dev.vigil.core.volume;

/**
 * One rate series scored point by point: {@link #update} scores a value observed at a time, then
 * learns from it. A score of at least {@link #ALARM} is an alarm. Implementations are O(1) per
 * point and not thread-safe (one per series).
 */
public interface VolumeScorer {
  /** Scores at or above this are alarms (the evaluation and {@code vigil series} count them). */
  double ALARM = 0.5;

  /** Scores {@code value} observed at {@code timeMillis} (epoch ms), then learns from it. */
  double update(long timeMillis, double value);
}
