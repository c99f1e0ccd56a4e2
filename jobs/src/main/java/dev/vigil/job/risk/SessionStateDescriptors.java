package dev.vigil.job.risk;

import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.SessionState;
import java.time.Duration;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * The keyed state of the session risk operator ({@link SessionStore}): names (stable, savepoints
 * depend on them), serializers and TTLs.
 */
final class SessionStateDescriptors {
  /** The account's ring of sessions: sequence number to (session id, session start). */
  static final MapStateDescriptor<Long, Tuple2<String, Long>> ORDER =
      new MapStateDescriptor<>("session-order", Types.LONG, Types.TUPLE(Types.STRING, Types.LONG));

  /** The ring's head, tail, current sweep's end and the sweep's earliest deadline. */
  static final ValueStateDescriptor<long[]> RING =
      new ValueStateDescriptor<>(
          "session-ring", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);

  private SessionStateDescriptors() {}

  /**
   * Entries of the account profile state that the heap backend's incremental TTL cleanup examines
   * per access of that state (two accesses per event: the read and the write).
   */
  static final int ACCOUNT_CLEANUP_ENTRIES_PER_ACCESS = 1;

  /**
   * An account profile, dropped {@link RiskSettings#accountStateTtl()} after its last update.
   *
   * <p>Cleanup, which bounds memory without walking the state on the hot path: on the heap backend
   * incremental cleanup examines {@value #ACCOUNT_CLEANUP_ENTRIES_PER_ACCESS} entry per access of
   * this state and not on records that do not touch it ({@code runCleanupForEveryRecord} false), so
   * with n profiles in g key groups on a subtask a pass of the cleanup takes at most n + g accesses
   * ((n + g) / 2 events of that subtask), and an expired profile is gone that many events after its
   * TTL at most ({@code AccountProfileExpiryTest}). Flink's default (5 entries per access) took 12%
   * of the operator's thread in the JFR profile of {@code vigil bench} (issue 13); one entry is a
   * fifth of that work, and the bound stays linear in the number of profiles. Full snapshots leave
   * expired profiles out, and RocksDB drops them in compaction (its filter reads the current time
   * every 1,000 entries), so neither backend keeps a profile of an account that never comes back
   * (the sessions are dropped by the operator's own timers, {@link SessionStore#sweep}). Flink
   * documents the strategies in {@code StateTtlConfig} ("State Time-To- Live", Flink 2.x
   * documentation, cleanup of expired state).
   */
  static ValueStateDescriptor<AccountProfile> account(String name, RiskSettings settings) {
    ValueStateDescriptor<AccountProfile> d =
        new ValueStateDescriptor<>(name, AccountProfileSerializer.INSTANCE);
    d.enableTimeToLive(
        StateTtlConfig.newBuilder(settings.accountStateTtl())
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .cleanupIncrementally(ACCOUNT_CLEANUP_ENTRIES_PER_ACCESS, false)
            .cleanupFullSnapshot()
            .cleanupInRocksdbCompactFilter(1000)
            .build());
    return d;
  }

  /**
   * An account's sessions, each dropped {@link RiskSettings#sessionStateTtl()} after its last
   * update (processing time, a backstop: {@link SessionStore}'s sweeps end sessions by event time).
   *
   * <p>No incremental TTL cleanup: on the heap backend it runs on every state access and walks the
   * whole map of each key it visits (an O(sessions) copy per event: the quadratic slowdown that
   * issue 14 measured, 165 s for 40,000 sessions on one account). TTL still hides expired entries
   * on read, filters full snapshots and, with RocksDB, drops them in compaction.
   */
  static MapStateDescriptor<String, SessionState> sessions(String name, RiskSettings settings) {
    MapStateDescriptor<String, SessionState> d =
        new MapStateDescriptor<>(name, StringSerializer.INSTANCE, SessionStateSerializer.INSTANCE);
    d.enableTimeToLive(sessionTtl(settings.sessionStateTtl()));
    return d;
  }

  private static StateTtlConfig sessionTtl(Duration ttl) {
    return StateTtlConfig.newBuilder(ttl)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .disableCleanupInBackground()
        .cleanupFullSnapshot()
        .cleanupInRocksdbCompactFilter(1000)
        .build();
  }
}
