package dev.vigil.job.risk;

import dev.vigil.core.policy.EnforcementLevel;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.SessionState;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * {@link SessionStore} on plain heap maps, for one subtask of the file backtest ({@link
 * FileBacktest}): the same profile and session lookups, the same expiry by event time, the same
 * per-account ring with admission under the cap ({@link SessionStore#EVICTION_PROBES} probes) and
 * the same bounded sweeps ({@link SessionStore#SWEEP_BATCH} entries), driven by event-time timers
 * held here (deduplicated per account and time, fired in time order as Flink's timer service fires
 * them). No shadow copies: a backtest scores with one model. Not thread-safe: one per subtask.
 *
 * <p>Memory: as the job's heap state, an account's profile and its live sessions, at most {@link
 * RiskSettings#maxSessionsPerAccount()} per account; ended sessions leave at their sweep.
 */
final class ReplayStore {
  /** An account's state: its profile, sessions and their ring (head, tail, pass end and min). */
  static final class Account {
    final String id;
    AccountProfile profile;
    final Map<String, SessionState> sessions = new HashMap<>();
    final ArrayDeque<Ref> order = new ArrayDeque<>();
    long head;
    long tail;
    long passEnd;
    long passMin;

    Account(String id) {
      this.id = id;
    }
  }

  /** A ring entry: a session id and the start of the incarnation it was admitted as. */
  record Ref(String sessionId, long startMillis) {}

  private record Timer(long time, Account account) {}

  private final int cap;
  private final long killedMemoryMillis;
  private final long defaultIdleMillis;
  private final Map<String, Account> accounts = new HashMap<>();
  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>((a, b) -> Long.compare(a.time, b.time));
  private final Set<Timer> timerSet = new HashSet<>();

  ReplayStore(RiskSettings settings) {
    this.cap = settings.maxSessionsPerAccount();
    if (cap < SessionStore.MIN_CAP) {
      throw new IllegalArgumentException(
          "risk.max-sessions-per-account must be at least "
              + SessionStore.MIN_CAP
              + ", not "
              + cap);
    }
    this.killedMemoryMillis = settings.sessionStateTtl().toMillis();
    this.defaultIdleMillis = settings.defaultIdleTimeout().toMillis();
  }

  Account account(String id) {
    Account a = accounts.get(id);
    if (a == null) {
      a = new Account(id);
      accounts.put(id, a);
    }
    return a;
  }

  /** The account's profile, or a fresh one. */
  static AccountProfile profile(Account a) {
    return a.profile == null ? new AccountProfile() : a.profile;
  }

  /** The session's state, or a fresh one when it is unknown or has ended at {@code nowMillis}. */
  SessionState session(Account a, String sessionId, long nowMillis) {
    SessionState session = a.sessions.get(sessionId);
    if (session == null || ended(session, nowMillis)) {
      session = new SessionState();
    }
    return session;
  }

  boolean ended(SessionState session, long nowMillis) {
    return session.events > 0 && nowMillis >= endMillis(session);
  }

  private long endMillis(SessionState session) {
    long idle =
        session.commandedIdleSeconds > 0 ? session.commandedIdleSeconds * 1000L : defaultIdleMillis;
    return session.lastMillis
        + (session.level == EnforcementLevel.KILLED.ordinal() ? killedMemoryMillis : idle);
  }

  long deadline(SessionState session) {
    long millis = endMillis(session);
    return (millis / SessionStore.TIMER_GRANULARITY_MILLIS + 1)
        * SessionStore.TIMER_GRANULARITY_MILLIS;
  }

  /** {@link SessionStore#admit}: room for a new session, evicting at the cap. */
  boolean admit(Account a, String sessionId, long startMillis) {
    for (int probes = 0;
        a.tail - a.head >= cap && probes < SessionStore.EVICTION_PROBES;
        probes++) {
      Ref ref = pop(a);
      SessionState s = a.sessions.get(ref.sessionId);
      if (s != null && s.startMillis == ref.startMillis) {
        if (SessionStore.actedOn(s)) {
          push(a, ref);
          continue;
        }
        a.sessions.remove(ref.sessionId);
      }
    }
    boolean room = a.tail - a.head < cap;
    if (room) {
      push(a, new Ref(sessionId, startMillis));
    }
    return room;
  }

  private static Ref pop(Account a) {
    a.head++;
    return a.order.pollFirst();
  }

  private static void push(Account a, Ref ref) {
    a.tail++;
    a.order.addLast(ref);
  }

  /** Timers set and not yet fired (tests). */
  int pendingTimers() {
    return timers.size();
  }

  /** Sets an event-time timer for the account; one per account and time, as Flink keeps them. */
  void register(Account a, long time) {
    Timer t = new Timer(time, a);
    if (timerSet.add(t)) {
      timers.add(t);
    }
  }

  /** Fires, in time order, every timer at or before {@code watermark}. */
  void advance(long watermark) {
    Timer t;
    while ((t = timers.peek()) != null && t.time <= watermark) {
      timers.poll();
      timerSet.remove(t);
      long next = sweep(t.account, t.time);
      if (next != Long.MIN_VALUE) {
        register(t.account, next);
      }
    }
  }

  /** {@link SessionStore#sweep}: at most a batch of ring entries, ended sessions out. */
  private long sweep(Account a, long now) {
    if (a.head >= a.passEnd) {
      a.passEnd = a.tail;
      a.passMin = Long.MAX_VALUE;
    }
    for (int n = 0; n < SessionStore.SWEEP_BATCH && a.head < a.passEnd; n++) {
      Ref ref = pop(a);
      SessionState s = a.sessions.get(ref.sessionId);
      boolean live = s != null && s.startMillis == ref.startMillis;
      if (live && ended(s, now)) {
        a.sessions.remove(ref.sessionId);
        live = false;
      }
      if (live) {
        push(a, ref);
        a.passMin = Math.min(a.passMin, deadline(s));
      }
    }
    if (a.head == a.tail) {
      // The ring and its timers go; the sessions map is empty or holds only stale incarnations.
      a.head = 0;
      a.tail = 0;
      a.passEnd = 0;
      a.passMin = 0;
      a.order.clear();
      return Long.MIN_VALUE;
    }
    return a.head < a.passEnd
        ? now + SessionStore.TIMER_GRANULARITY_MILLIS
        : Math.max(a.passMin, now + 1);
  }
}
