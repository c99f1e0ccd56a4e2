package dev.vigil.job.config;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;

/**
 * The time-to-live the exchange job's detectors and the case operators give their keyed state: a
 * backstop behind their own event-time timers, which clear the state first. Written entries live
 * {@code ttl} after their last write (processing time); expired entries are never returned, are
 * left out of full snapshots and, with RocksDB, dropped in compaction (every 1,000 entries the
 * filter re-reads the current time); on the heap backend Flink's default background cleanup also
 * applies. See "State Time-To-Live" in the Flink 2.x documentation.
 */
public final class StateTtl {
  private StateTtl() {}

  /** The backstop TTL of {@code ttl}. */
  public static StateTtlConfig backstop(Duration ttl) {
    return StateTtlConfig.newBuilder(ttl)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .cleanupFullSnapshot()
        .cleanupInRocksdbCompactFilter(1000)
        .build();
  }
}
