package dev.vigil.job.risk;

import dev.vigil.core.policy.EnforcementLevel;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.SessionState;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * The session risk operator's keyed state (account profile and sessions, with shadow copies for the
 * shadow model) and the bookkeeping of sessions: admission under the per-account cap, eviction,
 * idle expiry and the cleanup timers. Belongs to one {@link SessionRiskFunction} subtask; every
 * call acts on the current key (account).
 *
 * <p><b>Bounds, per account.</b> At most {@link RiskSettings#maxSessionsPerAccount()} sessions
 * (default 1,024), whatever the rate at which session ids are minted: the account's sessions are
 * listed in admission order in a ring ({@code session-order}, sequence number to session id and
 * start time, and {@code session-ring}, four longs: head, tail and the current sweep's end and
 * earliest deadline), and the ring never holds more entries than the cap, so it bounds the session
 * map too. Admitting a session beyond the cap evicts the oldest session that is not acted on
 * ({@link #actedOn}: stepped up, killed, withdrawals held or rate-limited), looking at no more than
 * {@value #EVICTION_PROBES} ring entries; a session acted on goes back to the ring's tail, never
 * out. When those probes find only sessions acted on, the new session is scored but not stored
 * (counted as {@code sessionsNotStored}), so the cap holds even against a flood of sessions that
 * are all stepped up. Each session's state is at most 1,024 bytes and each profile 1,962 bytes
 * ({@code SessionStateMapper}, {@code AccountProfileMapper}), and a session id at most 256
 * characters (ingest's limit, {@code EcsField}); serialised, a session costs at most 1,024 + 258 in
 * the map, 258 + 16 in the ring and 1,024 + 258 more for its shadow copy, so one account holds at
 * most 1,024 x 2,838 + 2 x 1,962 bytes, about 2.9 MB, at the default cap (about 2.2 MB with
 * 20-character ids; objects on the heap backend take more than their serialised form). After a
 * restore from a version without the ring, an account with more sessions than the cap is brought
 * down to it at up to {@value #EVICTION_PROBES} evictions per new session.
 *
 * <p><b>Cost per event: O(1)</b>, whatever the number of sessions: an event of a known session
 * reads and writes its own map entry only; a new session adds one ring entry and, at the cap,
 * evicts with at most {@value #EVICTION_PROBES} probes. Nothing iterates the account's sessions per
 * event. {@link #stateAccesses()} counts every state call, so tests can prove it.
 *
 * <p><b>Expiry.</b> Whether a session has ended is decided by event time when it is read ({@link
 * #ended}), so a replay decides as the live run; the timers only free memory. A timer sweeps at
 * most {@value #SWEEP_BATCH} ring entries from the head (ended sessions out, live ones back to the
 * tail) and, when the sweep is not through the ring, sets the next timer a minute later; so the
 * work per timer is bounded too, and an account whose sessions have all ended loses its session
 * state, ring and timers. A killed session is remembered for {@link RiskSettings#sessionStateTtl()}
 * after its last request (event time), so a stolen token still in use is killed again; the state
 * TTL (processing time) stays as a backstop.
 *
 * <p><b>Per subtask</b> the state is the sum over its accounts: accounts are not capped by count
 * (an account's profile lives for {@link RiskSettings#accountStateTtl()} after its last update,
 * sessions as above), so a flood of new accounts grows state by at most one profile and the
 * account's sessions per account, until their TTLs.
 *
 * <p><b>Session end and the profile.</b> What a session taught its account is already in the
 * profile, noted in the session's provisional lessons only so that a step-up, hold or kill can take
 * it back ({@code ProfileLearner.rollback}, called by the engine). A session that ends clean
 * therefore has nothing left to commit: removing its state (expiry, eviction) makes its lessons
 * final, and so does the 12-hour delay for a session that lives on.
 */
final class SessionStore {
  /** Timers are rounded up to this, so an account's sessions share a few timers. */
  static final long TIMER_GRANULARITY_MILLIS = 60_000;

  /** Most ring entries one timer examines. */
  static final int SWEEP_BATCH = 64;

  /** Most ring entries one admission examines to make room. */
  static final int EVICTION_PROBES = 8;

  /** The smallest cap the settings accept (room for a full round of probes and then some). */
  static final int MIN_CAP = 2 * EVICTION_PROBES;

  private static final int HEAD = 0;
  private static final int TAIL = 1;
  private static final int PASS_END = 2;
  private static final int PASS_MIN = 3;

  private final int cap;
  private final long killedMemoryMillis;
  private final long defaultIdleMillis;
  private final RiskMetrics metrics;

  /** Whether the last active profile or session read found nothing in state (for the counts). */
  private boolean profileAbsent;

  private boolean sessionAbsent;

  private final ValueState<AccountProfile> account;
  private final MapState<String, SessionState> sessions;
  private final ValueState<AccountProfile> shadowAccount;
  private final MapState<String, SessionState> shadowSessions;
  private final MapState<Long, Tuple2<String, Long>> order;
  private final ValueState<long[]> ring;

  /** Every state call made through this store (instrumentation for tests, not a metric). */
  private long accesses;

  SessionStore(RuntimeContext runtime, RiskSettings settings, RiskMetrics metrics) {
    this.cap = settings.maxSessionsPerAccount();
    if (cap < MIN_CAP) {
      throw new IllegalArgumentException(
          "risk.max-sessions-per-account must be at least " + MIN_CAP + ", not " + cap);
    }
    this.killedMemoryMillis = settings.sessionStateTtl().toMillis();
    this.defaultIdleMillis = settings.defaultIdleTimeout().toMillis();
    this.metrics = metrics;
    account = runtime.getState(SessionStateDescriptors.account("account-profile", settings));
    sessions = runtime.getMapState(SessionStateDescriptors.sessions("sessions", settings));
    shadowAccount =
        runtime.getState(SessionStateDescriptors.account("shadow-account-profile", settings));
    shadowSessions =
        runtime.getMapState(SessionStateDescriptors.sessions("shadow-sessions", settings));
    order = runtime.getMapState(SessionStateDescriptors.ORDER);
    ring = runtime.getState(SessionStateDescriptors.RING);
  }

  /** State calls made so far through this store (reads, writes, removals, iterator steps). */
  long stateAccesses() {
    return accesses;
  }

  /** The current account's {@link AccountStateSize} (walks its maps: tests and diagnostics). */
  AccountStateSize size() throws Exception {
    long[] r = ring.value();
    return AccountStateSize.of(
        sessions, shadowSessions, r == null ? 0 : r[TAIL] - r[HEAD], account.value());
  }

  /** The account's profile, or a fresh one. */
  AccountProfile profile(boolean ofShadow) throws Exception {
    accesses++;
    AccountProfile profile = (ofShadow ? shadowAccount : account).value();
    if (!ofShadow) {
      profileAbsent = profile == null;
    }
    return profile == null ? new AccountProfile() : profile;
  }

  /** Whether the last {@code profile(false)} found no profile in state. */
  boolean profileWasAbsent() {
    return profileAbsent;
  }

  /** Whether the last {@code session(false, ...)} found no entry (live or ended) in state. */
  boolean sessionWasAbsent() {
    return sessionAbsent;
  }

  void putProfile(boolean ofShadow, AccountProfile profile) throws Exception {
    accesses++;
    (ofShadow ? shadowAccount : account).update(profile);
  }

  /**
   * The session's state, or a fresh one ({@code events == 0}) when it is unknown or has ended at
   * {@code nowMillis}. Expiry is decided by event time here, not by when a timer happened to fire,
   * so a replay makes the same decisions as the live run; the timers only free the memory.
   */
  SessionState session(boolean ofShadow, String sessionId, long nowMillis) throws Exception {
    accesses++;
    SessionState session = (ofShadow ? shadowSessions : sessions).get(sessionId);
    if (!ofShadow) {
      sessionAbsent = session == null;
    }
    if (session == null || ended(session, nowMillis)) {
      session = new SessionState();
    }
    return session;
  }

  /** The session's state, or null when it is unknown or has ended at {@code nowMillis}. */
  SessionState knownSession(boolean ofShadow, String sessionId, long nowMillis) throws Exception {
    accesses++;
    SessionState session = (ofShadow ? shadowSessions : sessions).get(sessionId);
    return session == null || ended(session, nowMillis) ? null : session;
  }

  /** Drops a session (active and shadow) that the gateway ended; its ring entry goes at a sweep. */
  void end(String sessionId) throws Exception {
    removeBoth(sessionId);
    metrics.sessionsInState.dec();
  }

  void putSession(boolean ofShadow, String sessionId, SessionState session) throws Exception {
    accesses++;
    (ofShadow ? shadowSessions : sessions).put(sessionId, session);
  }

  /**
   * Whether the policy acts on the session now: stepped up or killed, withdrawals held, or a rate
   * limit commanded. Such a session is never evicted.
   */
  static boolean actedOn(SessionState s) {
    return s.level != EnforcementLevel.NONE.ordinal()
        || s.holdScope != 0
        || s.commandedRequestsPerSecond > 0;
  }

  private long idleMillis(SessionState session) {
    return session.commandedIdleSeconds > 0
        ? session.commandedIdleSeconds * 1000L
        : defaultIdleMillis;
  }

  /**
   * Whether the session has ended at {@code nowMillis} (event time): by idleness, or, for a killed
   * session, once {@link RiskSettings#sessionStateTtl()} has passed since its last request (until
   * then a stolen token that is still being used gets killed again).
   */
  boolean ended(SessionState session, long nowMillis) {
    return session.events > 0 && nowMillis >= endMillis(session);
  }

  private long endMillis(SessionState session) {
    return session.lastMillis
        + (session.level == EnforcementLevel.KILLED.ordinal()
            ? killedMemoryMillis
            : idleMillis(session));
  }

  /** The cleanup timer for a session: its end, rounded up so sessions share a few timers. */
  long deadline(SessionState session) {
    return roundUp(endMillis(session));
  }

  private static long roundUp(long millis) {
    return (millis / TIMER_GRANULARITY_MILLIS + 1) * TIMER_GRANULARITY_MILLIS;
  }

  /**
   * Admits a new session (or a new incarnation of an ended one) to the ring, making room beyond the
   * cap by evicting the oldest session not acted on. O(1): at most {@value #EVICTION_PROBES} ring
   * entries are examined.
   *
   * @return whether the session may be stored; false when the account is at its cap with sessions
   *     that are all acted on (the event is scored all the same)
   */
  boolean admit(String sessionId, long startMillis) throws Exception {
    long[] r = ring();
    for (int probes = 0; r[TAIL] - r[HEAD] >= cap && probes < EVICTION_PROBES; probes++) {
      Tuple2<String, Long> ref = pop(r);
      if (ref == null) {
        continue;
      }
      accesses++;
      SessionState s = sessions.get(ref.f0);
      if (s != null && s.startMillis == ref.f1) {
        if (actedOn(s)) {
          push(r, ref);
          continue;
        }
        removeBoth(ref.f0);
        metrics.sessionsEvicted.inc();
        metrics.sessionsInState.dec();
      } else if (s == null) {
        // The active session is gone (ended or its TTL passed); a shadow copy goes with it.
        accesses++;
        shadowSessions.remove(ref.f0);
      }
      // else: a stale entry of an earlier incarnation; the current one has an entry of its own.
    }
    boolean room = r[TAIL] - r[HEAD] < cap;
    if (room) {
      push(r, Tuple2.of(sessionId, startMillis));
    } else {
      metrics.sessionsNotStored.inc();
    }
    accesses++;
    ring.update(r);
    return room;
  }

  private void removeBoth(String sessionId) throws Exception {
    accesses += 2;
    sessions.remove(sessionId);
    shadowSessions.remove(sessionId);
  }

  private Tuple2<String, Long> pop(long[] r) throws Exception {
    long seq = r[HEAD]++;
    accesses += 2;
    Tuple2<String, Long> ref = order.get(seq);
    order.remove(seq);
    return ref;
  }

  private void push(long[] r, Tuple2<String, Long> ref) throws Exception {
    accesses++;
    order.put(r[TAIL]++, ref);
  }

  /**
   * The ring of the current account; on the first use for an account whose sessions were written
   * before the ring existed (a savepoint of an older version), it is built once from the sessions.
   */
  private long[] ring() throws Exception {
    accesses++;
    long[] r = ring.value();
    if (r != null) {
      return r;
    }
    r = new long[4];
    accesses += 2;
    if (!sessions.isEmpty() || !shadowSessions.isEmpty()) {
      for (Map.Entry<String, SessionState> e : sessions.entries()) {
        accesses++;
        push(r, Tuple2.of(e.getKey(), e.getValue().startMillis));
      }
      for (Map.Entry<String, SessionState> e : shadowSessions.entries()) {
        accesses++;
        if (!sessions.contains(e.getKey())) {
          push(r, Tuple2.of(e.getKey(), e.getValue().startMillis));
        }
      }
    }
    return r;
  }

  /**
   * The cleanup at a timer: examines at most {@value #SWEEP_BATCH} ring entries, drops the sessions
   * (active and shadow) that have ended, and sets the next timer while sessions remain. When none
   * remain, the account's session state, ring and timers are gone; the account profile stays (with
   * its own TTL): it makes the owner's next session familiar.
   *
   * @return the time of the next sweep, or {@link Long#MIN_VALUE} if none is needed
   */
  long sweep(long now) throws Exception {
    long[] r = ring();
    if (r[HEAD] >= r[PASS_END]) {
      r[PASS_END] = r[TAIL];
      r[PASS_MIN] = Long.MAX_VALUE;
    }
    for (int n = 0; n < SWEEP_BATCH && r[HEAD] < r[PASS_END]; n++) {
      Tuple2<String, Long> ref = pop(r);
      if (ref == null) {
        continue;
      }
      accesses += 2;
      SessionState s = sessions.get(ref.f0);
      SessionState shadow = shadowSessions.get(ref.f0);
      boolean live = s != null && s.startMillis == ref.f1;
      if (live && ended(s, now)) {
        accesses++;
        sessions.remove(ref.f0);
        metrics.sessionsExpired.inc();
        metrics.sessionsInState.dec();
        live = false;
      }
      boolean shadowLive = shadow != null;
      if (shadowLive && ended(shadow, now)) {
        accesses++;
        shadowSessions.remove(ref.f0);
        metrics.sessionsExpired.inc();
        shadowLive = false;
      }
      if (live || shadowLive) {
        push(r, ref);
        if (live) {
          r[PASS_MIN] = Math.min(r[PASS_MIN], deadline(s));
        }
        if (shadowLive) {
          r[PASS_MIN] = Math.min(r[PASS_MIN], deadline(shadow));
        }
      }
    }
    accesses++;
    if (r[HEAD] == r[TAIL]) {
      ring.clear();
      order.clear();
      accesses += 4;
      if (sessions.isEmpty()) {
        sessions.clear(); // drops the account's (empty) entry from the state backend too
      }
      if (shadowSessions.isEmpty()) {
        shadowSessions.clear();
      }
      return Long.MIN_VALUE;
    }
    ring.update(r);
    // Not through the ring: go on a minute later (a watermark far ahead fires them all at once).
    // Through it: next at the earliest end of the sessions kept; newer ones set their own timers.
    return r[HEAD] < r[PASS_END] ? now + TIMER_GRANULARITY_MILLIS : Math.max(r[PASS_MIN], now + 1);
  }
}
