package dev.vigil.core.model;

/** Costs that set the timeout trade-off for one kind of session. */
public final class CostProfile {
  public final double reauthCost;
  public final double lossPerHour;
  public final double withdrawalExposureMultiplier;
  public final double notionalReferenceUsd;
  public final double typicalIdleGapSeconds;
  public final double typicalSessionSeconds;
  public final double requestsPerSecond;
  public final double burstSeconds;

  CostProfile(StrictNode n) {
    reauthCost = n.number("reauthCost", 0.0001, 1e9);
    lossPerHour = n.number("lossPerHour", 0.0001, 1e12);
    withdrawalExposureMultiplier = n.number("withdrawalExposureMultiplier", 1, 1e4);
    notionalReferenceUsd = n.number("notionalReferenceUsd", 1, 1e12);
    typicalIdleGapSeconds = n.number("typicalIdleGapSeconds", 1, 86400);
    typicalSessionSeconds = n.number("typicalSessionSeconds", 1, 30 * 86400);
    requestsPerSecond = n.number("requestsPerSecond", 0.01, 1e6);
    burstSeconds = n.number("burstSeconds", 0.1, 3600);
    n.finish();
  }
}
