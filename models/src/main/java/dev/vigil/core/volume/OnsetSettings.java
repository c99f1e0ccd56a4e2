package dev.vigil.core.volume;

import dev.vigil.core.model.VolumeSettings;

/**
 * Settings of {@link OnsetDetector}. From the model file's {@code volume} section: the buckets, the
 * scale smoothing, the Huber clip and the warm-up (shared with {@link SeasonalRobustDetector}), and
 * the optional {@code onsetDrift}, {@code onsetThreshold} and {@code onsetSpikeSigmas}; the rest
 * are the defaults below, tuned on {@link LabelledSeries} seeds 1-10 and checked on seeds 11-30
 * (models/README.md, "Volumetric detector: alarms at onsets"). Rates are per unit of time, not per
 * point, so that the detector behaves the same on per-minute and on irregular or sparser series.
 *
 * @param bucketsPerDay time-of-day buckets (the daily profile; the weekly one has 7 times as many)
 * @param levelAlpha level smoothing per bucket of time: a point one minute after the last moves the
 *     level by levelAlpha / 30 of its (clipped) residual with 48 buckets a day
 * @param seasonGamma daily profile smoothing per day (per visit of a time-of-day bucket)
 * @param weeklyGamma weekly profile smoothing per week (per visit of a day-and-time bucket)
 * @param scaleBeta smoothing of the mean absolute residual per time-of-day bucket, per point
 * @param seasonLevelAlpha smoothing per bucket of time of the seasonal learner's own level, slow
 *     (0.003: a time constant of about 7 days with 48 buckets) so that weekends are learned by the
 *     weekly profile rather than followed by the level
 * @param clipSigmas Huber clip of residuals before they update the level and the scale
 * @param seasonClipSigmas Huber clip of residuals before they teach the profiles (wider, so that a
 *     weekend several sigmas below the week is learned in a few weeks)
 * @param minScale floor of sigma, on the detector's log scale (1e-3: a tenth of a percent)
 * @param warmupPoints points learned from but never alarmed on
 * @param drift CUSUM reference value k, in sigmas: a lasting shift smaller than this is absorbed
 * @param threshold CUSUM decision interval h, in sigmas
 * @param spikeSigmas a single point this many sigmas off alarms at once (the Shewhart limit of a
 *     combined Shewhart-CUSUM scheme)
 * @param confirmPoints points after an alarm whose median residual decides whether the level moved
 * @param confirmSigmas median residual (in sigmas) beyond which the level is re-based
 * @param noiseBurstRatio spread of the confirmation points, over the scale, beyond which the scale
 *     is widened (a burst of noise)
 * @param settleMillis after a re-base, the level follows the data faster for this long, while a
 *     changed daily pattern is learned
 * @param settleAlpha the level smoothing per bucket of time meanwhile
 * @param followUpMillis an alarm this soon after the previous one is a follow-up of the same
 *     change: it re-bases but scores below {@link VolumeScorer#ALARM}
 */
public record OnsetSettings(
    int bucketsPerDay,
    double levelAlpha,
    double seasonGamma,
    double weeklyGamma,
    double seasonLevelAlpha,
    double scaleBeta,
    double clipSigmas,
    double seasonClipSigmas,
    double minScale,
    int warmupPoints,
    double drift,
    double threshold,
    double spikeSigmas,
    int confirmPoints,
    double confirmSigmas,
    double noiseBurstRatio,
    long settleMillis,
    double settleAlpha,
    long followUpMillis) {
  public static final double LEVEL_ALPHA = 0.05;
  public static final double SEASON_GAMMA = 0.25;
  public static final double WEEKLY_GAMMA = 0.25;
  public static final double SEASON_LEVEL_ALPHA = 0.003;
  public static final double SEASON_CLIP_SIGMAS = 9.0;
  public static final int CONFIRM_POINTS = 15;
  public static final double CONFIRM_SIGMAS = 1.0;
  public static final double NOISE_BURST_RATIO = 2.0;
  public static final long SETTLE_MILLIS = 24 * 3_600_000L;
  public static final double SETTLE_ALPHA = 4.0;
  public static final long FOLLOW_UP_MILLIS = 3_600_000L;
  public static final double MIN_SCALE = 1e-3;

  public OnsetSettings {
    if (bucketsPerDay < 1 || confirmPoints < 0 || threshold <= 0 || drift < 0) {
      throw new IllegalArgumentException(
          "bucketsPerDay >= 1, confirmPoints >= 0, threshold > 0 and drift >= 0");
    }
  }

  /** The detector of the model file's {@code volume} section. */
  public static OnsetSettings from(VolumeSettings v) {
    return new OnsetSettings(
        v.bucketsPerDay,
        LEVEL_ALPHA,
        SEASON_GAMMA,
        WEEKLY_GAMMA,
        SEASON_LEVEL_ALPHA,
        v.scaleBeta,
        v.clipSigmas,
        SEASON_CLIP_SIGMAS,
        MIN_SCALE,
        v.warmupPoints,
        v.onsetDrift,
        v.onsetThreshold,
        v.onsetSpikeSigmas,
        CONFIRM_POINTS,
        CONFIRM_SIGMAS,
        NOISE_BURST_RATIO,
        SETTLE_MILLIS,
        SETTLE_ALPHA,
        FOLLOW_UP_MILLIS);
  }

  /** The same settings with another onset test (drift k, threshold h, spike limit). */
  public OnsetSettings withOnsetTest(double k, double h, double spike) {
    return new OnsetSettings(
        bucketsPerDay,
        levelAlpha,
        seasonGamma,
        weeklyGamma,
        seasonLevelAlpha,
        scaleBeta,
        clipSigmas,
        seasonClipSigmas,
        minScale,
        warmupPoints,
        k,
        h,
        spike,
        confirmPoints,
        confirmSigmas,
        noiseBurstRatio,
        settleMillis,
        settleAlpha,
        followUpMillis);
  }
}
