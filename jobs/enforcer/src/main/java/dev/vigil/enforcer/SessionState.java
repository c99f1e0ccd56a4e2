package dev.vigil.enforcer;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandParameters;
import dev.vigil.schema.HoldScope;
import dev.vigil.schema.SessionCommand;
import dev.vigil.schema.SessionEnforcement;
import dev.vigil.schema.SessionEnforcement.Outcome;
import java.util.List;

/**
 * One session's effective enforcement, compact: the rules of {@link
 * dev.vigil.schema.SessionEnforcement} (precedence, supersession by sequence, idempotency, tightest
 * limits) over primitive fields, so that a million sessions fit in a few hundred megabytes. Not
 * thread-safe: {@link SessionTable} guards it with its shard's lock.
 *
 * <p>Idempotency keeps a ring of the 64-bit hashes ({@link #idHash}, FNV-1a) of the last {@value
 * #RING} command ids applied, where {@code SessionEnforcement} keeps a set of 64 strings (about 5
 * KB a session). Vigil issues at most five commands per event and its sequence already orders them,
 * and {@link dev.vigil.schema.CommandVerifier} refuses a replayed id before it gets here, so the
 * ring is the second line: a copy older than four commands is still refused as STALE by its
 * sequence, or changes nothing when it carries the in-force sequence.
 *
 * <p>Size: this object is 200 bytes (JDK 17, 64-bit with compressed references: a 12-byte header,
 * 19 longs and doubles, 6 ints, 3 references, 4 bytes of it alignment padding before {@link
 * #fairTat}, which took that padding: it added nothing). {@code SessionMemoryReport} (test sources)
 * measures the heap a session costs all told with a million sessions: this object, its slots in the
 * cache's tables (about 42 bytes, the tables being at most half full) and its account id string;
 * the session id is not stored ({@link SessionTable} keeps a fingerprint). 335 bytes when first
 * measured; 340 on 7 December 2026 (JDK 17.0.15, against 342 to 343 for the code before {@link
 * #fairTat} in the same conditions). A session with default buckets ({@link FairAccessDefaults})
 * adds its {@code long[]} of them: 16 bytes of array header and 8 a bucket, 40 bytes for the three
 * a bot gets on the simulated traffic (measured 380 bytes a session with them). Its population is
 * kept in the high bits of {@link #flags} ({@link #POPULATION_SHIFT}), at no cost.
 */
final class SessionState {
  static final int RING = 4;
  static final long NONE = Long.MAX_VALUE;

  static final int KILLED = 1;
  static final int ENDED = 1 << 1;
  static final int STEP_UP_PENDING = 1 << 2;
  static final int HOLD_ALL = 1 << 3;
  static final int HOLD_ADDED = 1 << 4;
  static final int RATE_LIMITED = 1 << 5;
  static final int SEEN_CHALLENGED = 1 << 6;
  static final int SEEN_THROTTLED = 1 << 7;
  static final int SEEN_HELD = 1 << 8;

  /** Used since it last reached the cache's cold end ({@link SessionTable}'s second chance). */
  static final int REFERENCED = 1 << 9;

  /**
   * The session's population in {@link FairAccessDefaults}, plus one, is kept in the flags' bits
   * from this one up (0: none yet); so the population costs no field of its own.
   */
  static final int POPULATION_SHIFT = 16;

  /** Why {@link #check} ended the session, read and cleared by the enforcer. */
  static final int END_NONE = 0;

  static final int END_TIMEOUT = 1;
  static final int END_STEP_UP_ABANDONED = 2;

  /** Ended by the account's KILL_ALL_SESSIONS ({@link AccountEnforcement}). */
  static final int END_LOGGED_OUT = 3;

  // Field order matters at a million sessions: HotSpot lays out fields by size, then in
  // declaration order, so the fields every check reads (flags, then the first six longs) share the
  // object's first cache line, and what only commands touch (sequences, id ring) comes last.

  /** Flag bits above. */
  int flags;

  /** The last command or request, epoch ms: what the cache's expiry counts from. */
  long lastTouched;

  /** The session's start as far as the enforcer knows: when it first saw the session. */
  long startedAt;

  long lastRequestAt;

  /**
   * The session existed at least since this instant: the earliest trigger event time ({@code
   * eventTime}, else {@code issuedAt}) of its commands, or when the enforcer first saw it if
   * earlier. An account's KILL_ALL_SESSIONS ends the session when this is before the command.
   */
  long existedAt;

  long absoluteTimeoutMillis = NONE;
  long idleTimeoutMillis = NONE;

  /** Withdrawals in scope are held before this epoch ms. */
  long holdUntil = Long.MIN_VALUE;

  /** Token bucket: tokens left, and the epoch ms of the last refill. */
  double tokens;

  long refilledAt;
  double requestsPerSecond;

  /** When the pending step-up was first presented, epoch ms; 0 while not yet presented. */
  long challengedAt;

  long seqTimeout = Long.MIN_VALUE;
  long seqRate = Long.MIN_VALUE;
  long seqStepUp = Long.MIN_VALUE;
  long seqHold = Long.MIN_VALUE;
  long id0;
  long id1;
  long id2;
  long id3;

  /** Accepted step-up factors, {@link Factors} bits; 0 means any factor. */
  int factors;

  int ringNext;
  int stepUpTimeoutSeconds;
  int burst;
  int endedBy;

  /** The account, from the first command; null for a session only seen by requests so far. */
  String accountId;

  /**
   * The theoretical arrival times, ns, of the session's default buckets ({@link
   * FairAccessDefaults}): one per role its population has a default for; null without one.
   */
  long[] fairTat;

  /** The pending or last STEP_UP's command id, for its outcome; null for most sessions. */
  String stepUpCommandId;

  SessionState(String accountId, long startedAt) {
    this.accountId = accountId;
    this.startedAt = startedAt;
    this.existedAt = startedAt;
    this.lastRequestAt = startedAt;
    this.lastTouched = startedAt;
  }

  boolean is(int flag) {
    return (flags & flag) != 0;
  }

  /**
   * The population index the session's defaults are of, or {@link
   * FairAccessDefaults#NO_POPULATION}.
   */
  int population() {
    return (flags >>> POPULATION_SHIFT) - 1;
  }

  /**
   * Gives the session the defaults of {@code population} (covered by {@code defaults}), once: its
   * first request that names a population. Allocates the session's buckets, full.
   */
  void joinPopulation(int population, FairAccessDefaults defaults) {
    flags = (flags & ((1 << POPULATION_SHIFT) - 1)) | ((population + 1) << POPULATION_SHIFT);
    fairTat = new long[defaults.buckets(population)];
  }

  /** Applies one VALID command by the contract's rules, as {@code SessionEnforcement.apply}. */
  Outcome apply(SessionCommand c, long idHash, EnforcerSettings limits) {
    if (idHash == id0 || idHash == id1 || idHash == id2 || idHash == id3) {
      return Outcome.DUPLICATE;
    }
    CommandAction action = SessionEnforcement.sessionEffect(c);
    if (action == CommandAction.OTHER
        || (is(KILLED | ENDED)
            && action != CommandAction.HOLD_WITHDRAWALS
            && action != CommandAction.KILL)) {
      return Outcome.IGNORED;
    }
    long order = c.getSequence() != 0 ? c.getSequence() : c.getIssuedAt();
    CommandParameters p = c.getParameters();
    switch (action) {
      case KILL -> {
        flags = (flags | KILLED) & ~STEP_UP_PENDING;
      }
      case HOLD_WITHDRAWALS -> {
        if (order < seqHold) {
          return Outcome.STALE;
        }
        seqHold = order;
        hold(c, p);
      }
      case STEP_UP -> {
        if (order < seqStepUp) {
          return Outcome.STALE;
        }
        seqStepUp = order;
        stepUp(p);
      }
      case SET_RATE_LIMIT -> {
        if (order < seqRate) {
          return Outcome.STALE;
        }
        seqRate = order;
        rateLimit(p, limits, c.getIssuedAt());
      }
      case SET_TIMEOUT -> {
        if (order < seqTimeout) {
          return Outcome.STALE;
        }
        seqTimeout = order;
        absoluteTimeoutMillis =
            millis(p == null ? null : p.getAbsoluteTimeoutSeconds(), limits.maxAbsoluteSeconds());
        idleTimeoutMillis =
            millis(p == null ? null : p.getIdleTimeoutSeconds(), limits.maxIdleSeconds());
      }
      default -> throw new IllegalStateException("unhandled action " + action);
    }
    remember(idHash);
    return Outcome.APPLIED;
  }

  private void hold(SessionCommand c, CommandParameters p) {
    long seconds = p == null || p.getHoldSeconds() == null ? 0 : p.getHoldSeconds();
    holdUntil = Math.max(holdUntil, c.getIssuedAt() + seconds * 1000);
    HoldScope scope = p == null || p.getHoldScope() == null ? HoldScope.ALL : p.getHoldScope();
    // A reader seeing OTHER holds all; the wider scope wins.
    flags |= scope == HoldScope.ADDRESSES_ADDED_IN_SESSION ? HOLD_ADDED : HOLD_ALL;
  }

  private void stepUp(CommandParameters p) {
    List<String> accepted = p == null ? null : p.getAcceptedFactors();
    factors = Factors.mask(accepted);
    Long timeout = p == null ? null : p.getStepUpTimeoutSeconds();
    stepUpTimeoutSeconds = timeout == null ? 300 : (int) Math.min(Integer.MAX_VALUE, timeout);
    if (!is(STEP_UP_PENDING)) {
      // A later STEP_UP with one pending keeps the running timer; one after a pass starts anew.
      flags |= STEP_UP_PENDING;
      challengedAt = 0;
    }
  }

  private void rateLimit(CommandParameters p, EnforcerSettings limits, long issuedAt) {
    Double rps = p == null ? null : p.getRequestsPerSecond();
    Integer b = p == null ? null : p.getBurst();
    requestsPerSecond = Math.min(limits.maxRequestsPerSecond(), rps == null ? 1e9 : rps);
    int newBurst = Math.max(1, Math.min(limits.maxBurst(), b == null ? Integer.MAX_VALUE : b));
    if (!is(RATE_LIMITED)) {
      tokens = newBurst;
      refilledAt = issuedAt;
    } else {
      tokens = Math.min(tokens, newBurst);
    }
    burst = newBurst;
    flags |= RATE_LIMITED;
  }

  private static long millis(Long commanded, long gatewayMaxSeconds) {
    long seconds = commanded == null ? gatewayMaxSeconds : Math.min(commanded, gatewayMaxSeconds);
    return seconds >= NONE / 1000 ? NONE : seconds * 1000;
  }

  private void remember(long idHash) {
    switch (ringNext) {
      case 0 -> id0 = idHash;
      case 1 -> id1 = idHash;
      case 2 -> id2 = idHash;
      default -> id3 = idHash;
    }
    ringNext = (ringNext + 1) & (RING - 1);
  }

  /**
   * The decision on one request at {@code now} to an endpoint of {@code role}, in the contract's
   * order: killed or ended, timeouts, a withdrawal hold, a pending step-up, then the rate limits:
   * the default bucket of {@code role} in the session's population ({@code defaults}, the ones it
   * joined), when it has one, and the session's own from Vigil. The request is throttled when
   * either is empty, and takes a token from both only when it passes. Allocation-free. Sets {@link
   * #endedBy} when this request ends the session.
   */
  Decision check(long now, RequestKind kind, int role, FairAccessDefaults defaults) {
    if (is(KILLED | ENDED)) {
      return Decision.DENY;
    }
    if (now - startedAt > absoluteTimeoutMillis || now - lastRequestAt > idleTimeoutMillis) {
      flags = (flags | ENDED) & ~STEP_UP_PENDING;
      endedBy = END_TIMEOUT;
      return Decision.DENY;
    }
    if (now > lastRequestAt) {
      lastRequestAt = now;
    }
    if (kind.withdrawal()
        && now < holdUntil
        && (is(HOLD_ALL)
            || (is(HOLD_ADDED) && kind == RequestKind.WITHDRAWAL_TO_ADDRESS_ADDED_IN_SESSION))) {
      return Decision.DENY;
    }
    if (is(STEP_UP_PENDING) && !kind.passesStepUp()) {
      if (challengedAt == 0) {
        challengedAt = now;
      } else if (now - challengedAt > stepUpTimeoutSeconds * 1000L) {
        flags = (flags | ENDED) & ~STEP_UP_PENDING;
        endedBy = END_STEP_UP_ABANDONED;
        return Decision.DENY;
      }
      return Decision.CHALLENGE;
    }
    int bucket = -1;
    long nextTat = 0;
    if (fairTat != null) {
      int i = defaults.index(population(), role);
      bucket = i < 0 ? -1 : defaults.slot(i);
      if (bucket >= 0) {
        long t = now * 1_000_000L;
        long tat = Math.max(fairTat[bucket], t);
        if (tat - t > defaults.toleranceNanos(i)) {
          return Decision.THROTTLE;
        }
        nextTat = tat + defaults.intervalNanos(i);
      }
    }
    if (is(RATE_LIMITED)) {
      long elapsed = now - refilledAt;
      if (elapsed > 0) {
        tokens = Math.min(burst, tokens + elapsed * requestsPerSecond / 1000.0);
        refilledAt = now;
      }
      if (tokens < 1) {
        return Decision.THROTTLE;
      }
      tokens -= 1;
    }
    if (bucket >= 0) {
      fairTat[bucket] = nextTat;
    }
    return Decision.ALLOW;
  }

  /** 64-bit FNV-1a over the id's chars; never 0 (the ring's empty slot). */
  static long idHash(String id) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < id.length(); i++) {
      h ^= id.charAt(i);
      h *= 0x100000001b3L;
    }
    return h == 0 ? 1 : h;
  }
}
