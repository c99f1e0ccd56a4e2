package dev.vigil.enforcer;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ReferenceEnforcer} is sized and what the gateway's own hard limits are.
 *
 * @param gatewayId this gateway instance's id, in every outcome it reports
 * @param capacity the most sessions the cache holds (split evenly over its 16 shards, so a shard
 *     that gets more than its share evicts a little early: give 10% headroom); beyond it a session
 *     not used lately is evicted (second chance, see {@code SessionTable}). Size it above the
 *     gateway's live sessions: an evicted session is forgotten (its next request is allowed), so a
 *     killed one relies on the gateway having ended it (the SESSION_ENDED outcome is the enforcer's
 *     signal to do so)
 * @param retention how long a session with neither command nor request is kept; longer than the
 *     gateway's longest session (default 25 h against the contract's 24 h absolute maximum), so
 *     that a killed session is never forgotten while it could still send requests
 * @param maxRequestsPerSecond the gateway's own hard rate limit; a commanded rate above it is cut
 * @param maxBurst the gateway's own largest bucket
 * @param maxAbsoluteSeconds the gateway's own absolute timeout, applied with a SET_TIMEOUT
 * @param maxIdleSeconds the gateway's own idle timeout, applied with a SET_TIMEOUT
 */
public record EnforcerSettings(
    String gatewayId,
    int capacity,
    Duration retention,
    double maxRequestsPerSecond,
    int maxBurst,
    long maxAbsoluteSeconds,
    long maxIdleSeconds) {
  /** The default capacity, 2^20 sessions. */
  public static final int DEFAULT_CAPACITY = 1 << 20;

  /** The largest capacity, 2^26 sessions. */
  public static final int MAX_CAPACITY = 1 << 26;

  public EnforcerSettings {
    Objects.requireNonNull(gatewayId, "gatewayId");
    Objects.requireNonNull(retention, "retention");
    if (gatewayId.isBlank()) {
      throw new IllegalArgumentException("the gateway id must not be blank");
    }
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "the session cache's capacity must be 1 to " + MAX_CAPACITY + " sessions");
    }
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("the session retention must be positive");
    }
    if (!(maxRequestsPerSecond > 0)
        || maxBurst < 1
        || maxAbsoluteSeconds < 1
        || maxIdleSeconds < 1) {
      throw new IllegalArgumentException("the gateway's own limits must be positive");
    }
  }

  /** {@code gatewayId} with the default capacity, 25 h retention and no limits of its own. */
  public static EnforcerSettings defaults(String gatewayId) {
    return new EnforcerSettings(
        gatewayId,
        DEFAULT_CAPACITY,
        Duration.ofHours(25),
        Double.POSITIVE_INFINITY,
        Integer.MAX_VALUE,
        Long.MAX_VALUE / 1000,
        Long.MAX_VALUE / 1000);
  }

  /** These settings with another capacity. */
  public EnforcerSettings withCapacity(int capacity) {
    return new EnforcerSettings(
        gatewayId,
        capacity,
        retention,
        maxRequestsPerSecond,
        maxBurst,
        maxAbsoluteSeconds,
        maxIdleSeconds);
  }
}
