package dev.vigil.job.risk;

import dev.vigil.core.policy.EnforcementLevel;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.SessionState;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.metrics.Counter;

/**
 * The session risk operator's keyed state (account profile and sessions, with shadow copies for the
 * shadow model) and the bookkeeping of sessions: when one has ended by idleness, when its cleanup
 * timer fires, and the cleanup itself. Belongs to one {@link SessionRiskFunction} subtask; every
 * call acts on the current key (account).
 */
final class SessionStore {
  private static final long TIMER_GRANULARITY_MILLIS = 60_000;

  private final RiskSettings settings;
  private final Counter sessionsExpired;

  final ValueState<AccountProfile> account;
  final MapState<String, SessionState> sessions;
  final ValueState<AccountProfile> shadowAccount;
  final MapState<String, SessionState> shadowSessions;

  SessionStore(RuntimeContext runtime, RiskSettings settings, Counter sessionsExpired) {
    this.settings = settings;
    this.sessionsExpired = sessionsExpired;
    StateTtlConfig sessionTtl = ttl(settings.sessionStateTtl());
    StateTtlConfig accountTtl = ttl(settings.accountStateTtl());
    account = runtime.getState(accountDescriptor("account-profile", accountTtl));
    sessions = runtime.getMapState(sessionsDescriptor("sessions", sessionTtl));
    shadowAccount = runtime.getState(accountDescriptor("shadow-account-profile", accountTtl));
    shadowSessions = runtime.getMapState(sessionsDescriptor("shadow-sessions", sessionTtl));
  }

  private static StateTtlConfig ttl(java.time.Duration ttl) {
    return StateTtlConfig.newBuilder(ttl)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .build();
  }

  private static ValueStateDescriptor<AccountProfile> accountDescriptor(
      String name, StateTtlConfig ttl) {
    ValueStateDescriptor<AccountProfile> d =
        new ValueStateDescriptor<>(name, AccountProfileSerializer.INSTANCE);
    d.enableTimeToLive(ttl);
    return d;
  }

  private static MapStateDescriptor<String, SessionState> sessionsDescriptor(
      String name, StateTtlConfig ttl) {
    MapStateDescriptor<String, SessionState> d =
        new MapStateDescriptor<>(name, StringSerializer.INSTANCE, SessionStateSerializer.INSTANCE);
    d.enableTimeToLive(ttl);
    return d;
  }

  /** The account's profile, or a fresh one. */
  static AccountProfile profileOrNew(ValueState<AccountProfile> state) throws Exception {
    AccountProfile profile = state.value();
    return profile == null ? new AccountProfile() : profile;
  }

  /**
   * The session's state, or a fresh one when it is unknown or has ended by idleness at {@code
   * nowMillis}. Expiry is decided by event time here, not by when a timer happened to fire, so a
   * replay makes the same decisions as the live run; the timers only free the memory.
   */
  SessionState sessionOrNew(MapState<String, SessionState> map, String sessionId, long nowMillis)
      throws Exception {
    SessionState session = map.get(sessionId);
    if (session == null || idleExpired(session, nowMillis)) {
      session = new SessionState();
    }
    return session;
  }

  private long idleMillis(SessionState session) {
    return session.commandedIdleSeconds > 0
        ? session.commandedIdleSeconds * 1000L
        : settings.defaultIdleTimeout().toMillis();
  }

  /**
   * Whether the session has ended by idleness. A killed session never does: it is remembered until
   * its state TTL, so a stolen token that is still being used gets killed again.
   */
  boolean idleExpired(SessionState session, long nowMillis) {
    return session.events > 0
        && session.level != EnforcementLevel.KILLED.ordinal()
        && nowMillis - session.lastMillis >= idleMillis(session);
  }

  /** The cleanup timer: rounded up so an account's sessions share a few timers. */
  long idleDeadline(SessionState session) {
    long deadline = session.lastMillis + idleMillis(session);
    return (deadline / TIMER_GRANULARITY_MILLIS + 1) * TIMER_GRANULARITY_MILLIS;
  }

  /**
   * The cleanup at a timer: drops the sessions (active and shadow) that have ended by idleness. The
   * account profile stays (with its own TTL): it makes the owner's next session familiar.
   */
  void expireIdle(long now) throws Exception {
    expireIdle(sessions, now);
    expireIdle(shadowSessions, now);
  }

  private void expireIdle(MapState<String, SessionState> map, long now) throws Exception {
    Iterator<Map.Entry<String, SessionState>> it = map.iterator();
    while (it.hasNext()) {
      SessionState s = it.next().getValue();
      if (idleExpired(s, now)) {
        it.remove();
        sessionsExpired.inc();
      }
    }
    if (map.isEmpty()) {
      map.clear(); // drops the account's (empty) entry from the state backend too
    }
  }
}
