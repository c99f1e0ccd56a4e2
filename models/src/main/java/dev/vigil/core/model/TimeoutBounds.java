package dev.vigil.core.model;

/** Session lifetime bounds for one authenticator assurance level (NIST SP 800-63B-4). */
public final class TimeoutBounds {
  public final long maxAbsoluteSeconds;
  public final long maxIdleSeconds;
  public final long minAbsoluteSeconds;
  public final long minIdleSeconds;

  TimeoutBounds(StrictNode n) {
    maxAbsoluteSeconds = n.integer("maxAbsoluteSeconds", 60, 30 * 86400);
    maxIdleSeconds = n.integer("maxIdleSeconds", 10, 30 * 86400);
    minAbsoluteSeconds = n.integer("minAbsoluteSeconds", 10, 30 * 86400);
    minIdleSeconds = n.integer("minIdleSeconds", 5, 30 * 86400);
    if (minAbsoluteSeconds > maxAbsoluteSeconds || minIdleSeconds > maxIdleSeconds) {
      throw new ModelValidationException(n.path(), "minimum bounds must not exceed maximum bounds");
    }
    n.finish();
  }
}
