package dev.vigil.core.model;

/** The volumetric detector and the rate-limit recommender. */
public final class VolumeSettings {
  public final int bucketsPerDay;
  public final double levelAlpha;
  public final double seasonGamma;
  public final double scaleBeta;
  public final double clipSigmas;
  public final double zOffset;
  public final double scoreScale;
  public final int warmupPoints;
  public final double minScale;
  public final double peakQuantile;
  public final double limitHeadroom;

  /** {@code OnsetDetector}'s CUSUM drift k and threshold h and its spike limit, in sigmas. */
  public final double onsetDrift;

  public final double onsetThreshold;
  public final double onsetSpikeSigmas;

  VolumeSettings(StrictNode n) {
    bucketsPerDay = n.integer("bucketsPerDay", 1, 1440);
    levelAlpha = n.number("levelAlpha", 0.0001, 1);
    seasonGamma = n.number("seasonGamma", 0, 1);
    scaleBeta = n.number("scaleBeta", 0.0001, 1);
    clipSigmas = n.number("clipSigmas", 0.5, 20);
    zOffset = n.number("zOffset", 0, 50);
    scoreScale = n.number("scoreScale", 0.01, 100);
    warmupPoints = n.integer("warmupPoints", 0, 1_000_000);
    minScale = n.number("minScale", 1e-12, 1e12);
    peakQuantile = n.number("peakQuantile", 0.5, 1);
    limitHeadroom = n.number("limitHeadroom", 1, 100);
    onsetDrift = n.has("onsetDrift") ? n.number("onsetDrift", 0, 10) : 1.0;
    onsetThreshold = n.has("onsetThreshold") ? n.number("onsetThreshold", 0.5, 100) : 6.0;
    onsetSpikeSigmas = n.has("onsetSpikeSigmas") ? n.number("onsetSpikeSigmas", 1, 100) : 6.0;
    n.finish();
  }
}
