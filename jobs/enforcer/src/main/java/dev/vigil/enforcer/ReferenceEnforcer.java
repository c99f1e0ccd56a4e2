package dev.vigil.enforcer;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandTarget;
import dev.vigil.schema.CommandVerifier;
import dev.vigil.schema.OutcomeKind;
import dev.vigil.schema.RejectionReason;
import dev.vigil.schema.SessionCommand;
import dev.vigil.schema.SessionEnforcement.Outcome;
import java.util.Objects;

/**
 * The reference gateway enforcer of contract version 5 (README, "For gateway teams"): what a
 * gateway does with {@code vigil.session-commands}, as a library to embed or to read.
 *
 * <ul>
 *   <li>{@link #accept} runs {@link CommandVerifier} on a command (signature, expiry from {@code
 *       issuedAt}, replay by id) and applies a VALID one to its session by the rules of {@link
 *       dev.vigil.schema.SessionEnforcement}: KILL > HOLD_WITHDRAWALS > STEP_UP > SET_RATE_LIMIT >
 *       SET_TIMEOUT, the tightest limit wins, a later sequence supersedes, a lower one is STALE. It
 *       reports an {@link EnforcementOutcome} for each: APPLIED, REJECTED with its reason
 *       (BAD_SIGNATURE for forged, altered or unsigned commands, UNKNOWN_KEY, EXPIRED, REPLAYED,
 *       STALE; OTHER for a valid command that changes nothing), and SESSION_ENDED after a KILL.
 *   <li>{@link #check} answers one request: DENY when killed or ended (timeout, failed or abandoned
 *       step-up) or for a withdrawal under a hold, CHALLENGE while a step-up is pending (except the
 *       step-up exchange and logout), THROTTLE when the token bucket (rate, burst) is empty, or the
 *       gateway's default bucket for the request's endpoint role in the session's population
 *       ({@link FairAccessDefaults}, from {@code vigil limits recommend}), else ALLOW. A step-up
 *       unanswered {@code stepUpTimeoutSeconds} after its first challenge is abandoned on the next
 *       check, which ends the session. O(1), allocation-free and lock-striped (see {@link
 *       SessionTable}); {@code CheckBenchmark} measures it with a million sessions.
 *   <li>{@link #reportStepUp} takes what came of a challenge: a pass with an accepted factor lifts
 *       the step-up; a failure or abandonment ends the session, as a kill would.
 * </ul>
 *
 * Outcomes are signed with the gateway's key ({@link GatewayKey}) when given and handed to an
 * {@link OutcomeSink} ({@link KafkaOutcomeSink} for {@code vigil.enforcement-outcomes}) by {@link
 * OutcomeReporter}; an outcome id is {@code gatewayId:commandId-or-sessionId:kind}, so a re-sent
 * outcome keeps its id.
 *
 * <p>Bounds: sessions are held in a cache of at most {@link EnforcerSettings#capacity()} entries,
 * 340 bytes of heap each, plus 16 bytes and 8 a default bucket for a session with defaults
 * (measured, see {@link SessionState}): 340 MB for a million, 380 MB with three buckets each. With
 * defaults, every session whose requests name a population with defaults is held, not only those
 * Vigil sent commands for: size the capacity for the gateway's live sessions (an evicted session
 * starts again with full buckets, and a flood of new sessions can push out older ones). {@code
 * check} takes a few hundred nanoseconds with a million sessions ({@code CheckBenchmark}, {@code
 * CheckCpuTime}), almost all of it cache misses. The absolute timeout counts from when the enforcer
 * first saw the session (a gateway that knows the session's start enforces its own); the hold is
 * kept with the session the command named (a gateway whose wallet service holds the account applies
 * it there too). Thread-safe.
 *
 * <p><b>Account commands</b> (target ACCOUNT) are kept per account by {@link AccountEnforcement}
 * ({@link #accounts()}): after KILL_ALL_SESSIONS every session of the account the enforcer holds
 * that existed before the command (it had a command triggered earlier) is ended at its next check
 * (SESSION_ENDED, "logged out everywhere"); under the account's HOLD_WITHDRAWALS its withdrawals
 * are denied; a revoked key and a required re-verification are there for the gateway's login and
 * key checks ({@link AccountEnforcement#status}). A session the enforcer holds nothing for is not
 * known to belong to the account: the gateway ends those from its own session store.
 */
public final class ReferenceEnforcer {
  /** What {@link #accept} did with a command: APPLIED, or REJECTED with a reason. */
  public record CommandResult(OutcomeKind kind, RejectionReason rejection, String detail) {
    public boolean applied() {
      return kind == OutcomeKind.APPLIED;
    }
  }

  private final EnforcerSettings settings;
  private final CommandVerifier verifier;
  private final OutcomeReporter report;
  private final SessionTable table;
  private final AccountEnforcement accounts;
  private final FairAccessDefaults defaults;
  private final EnforcerStats stats = new EnforcerStats();

  /**
   * An enforcer without default rate limits: only Vigil's commands apply.
   *
   * @param key the gateway's signing key; null leaves outcomes unsigned (a dry run)
   */
  public ReferenceEnforcer(
      EnforcerSettings settings, CommandVerifier verifier, GatewayKey key, OutcomeSink sink) {
    this(settings, verifier, key, sink, FairAccessDefaults.NONE);
  }

  /**
   * An enforcer that also applies {@code defaults} (per population and endpoint role) to every
   * session whose requests name a population that has them.
   *
   * @param key the gateway's signing key; null leaves outcomes unsigned (a dry run)
   */
  public ReferenceEnforcer(
      EnforcerSettings settings,
      CommandVerifier verifier,
      GatewayKey key,
      OutcomeSink sink,
      FairAccessDefaults defaults) {
    this.defaults = Objects.requireNonNull(defaults);
    this.settings = Objects.requireNonNull(settings);
    this.verifier = Objects.requireNonNull(verifier);
    this.report = new OutcomeReporter(settings, key, Objects.requireNonNull(sink), stats);
    this.table = new SessionTable(settings.capacity(), settings.retention().toMillis());
    this.accounts = new AccountEnforcement(Math.max(1024, settings.capacity() / 64));
  }

  /** Verifies and applies one command at {@code nowMillis} (the gateway's clock). */
  public CommandResult accept(SessionCommand c, long nowMillis) {
    CommandVerifier.Verdict verdict = verifier.verify(c, nowMillis);
    if (verdict != CommandVerifier.Verdict.VALID) {
      return switch (verdict) {
        case NO_SIGNATURE ->
            report.reject(c, RejectionReason.BAD_SIGNATURE, "no signature", nowMillis);
        case BAD_SIGNATURE ->
            report.reject(c, RejectionReason.BAD_SIGNATURE, "signature does not match", nowMillis);
        case UNKNOWN_KEY ->
            report.reject(c, RejectionReason.UNKNOWN_KEY, "key id not in the ring", nowMillis);
        case EXPIRED ->
            report.reject(
                c,
                RejectionReason.EXPIRED,
                "expired " + (nowMillis - c.getExpiresAt()) + " ms ago",
                nowMillis);
        case REPLAYED ->
            report.reject(c, RejectionReason.REPLAYED, "command id seen before", nowMillis);
        default -> throw new IllegalStateException("unhandled verdict " + verdict);
      };
    }
    if (c.getTarget() != CommandTarget.SESSION) {
      return switch (accounts.apply(c)) {
        case APPLIED -> report.applied(c, nowMillis);
        case DUPLICATE -> report.reject(c, RejectionReason.REPLAYED, "applied before", nowMillis);
        default -> report.ignored(c, "unknown account action or target", nowMillis);
      };
    }
    String sessionId = c.getSessionId();
    long h1 = table.hash1(sessionId);
    long h2 = table.hash2(sessionId);
    SessionTable.Shard shard = table.shard(h1);
    Outcome outcome;
    boolean newlyKilled;
    synchronized (shard) {
      SessionState s = shard.find(h1, h2, nowMillis);
      if (s == null) {
        s = shard.add(h1, h2, new SessionState(c.getAccountId(), nowMillis), nowMillis);
      }
      if (s.accountId == null) {
        s.accountId = c.getAccountId(); // first seen by a request, before any command
      }
      Long event = c.getEventTime();
      s.existedAt = Math.min(s.existedAt, event == null ? c.getIssuedAt() : event);
      boolean wasKilled = s.is(SessionState.KILLED);
      outcome = s.apply(c, SessionState.idHash(c.getCommandId()), settings);
      newlyKilled = !wasKilled && s.is(SessionState.KILLED);
      if (outcome == Outcome.APPLIED && c.getAction() == CommandAction.STEP_UP) {
        s.stepUpCommandId = c.getCommandId();
      }
    }
    return switch (outcome) {
      case APPLIED -> {
        report.applied(c, nowMillis);
        if (c.getAction() == CommandAction.KILL) {
          if (newlyKilled) {
            stats.killed.increment();
          }
          report.publish(
              c.getSessionId(),
              c.getAccountId(),
              c.getCommandId(),
              c.getAction(),
              OutcomeKind.SESSION_ENDED,
              null,
              null,
              "killed by Vigil",
              nowMillis);
        }
        yield new CommandResult(OutcomeKind.APPLIED, null, null);
      }
      case DUPLICATE ->
          report.reject(c, RejectionReason.REPLAYED, "command id applied before", nowMillis);
      case STALE ->
          report.reject(c, RejectionReason.STALE, "sequence below the one in force", nowMillis);
      case IGNORED ->
          report.ignored(
              c,
              c.getAction() == CommandAction.OTHER ? "unknown action" : "the session has ended",
              nowMillis);
    };
  }

  /** {@link #check(String, long, RequestKind, int, int)} for a {@link Request}. */
  public Decision check(String sessionId, Request request) {
    return check(
        sessionId, request.timeMillis(), request.kind(), request.role(), request.population());
  }

  /**
   * The decision on one request of {@code sessionId} at {@code nowMillis}, without default rate
   * limits (no role, no population); a session the enforcer holds nothing for is allowed.
   * Allocation-free unless this request ends the session.
   */
  public Decision check(String sessionId, long nowMillis, RequestKind kind) {
    return check(
        sessionId, nowMillis, kind, FairAccessDefaults.NO_ROLE, FairAccessDefaults.NO_POPULATION);
  }

  /**
   * The decision on one request of {@code sessionId} at {@code nowMillis} to an endpoint of {@code
   * role}, for a session of {@code population} (indices from this enforcer's {@link
   * FairAccessDefaults}; {@code NO_ROLE} and {@code NO_POPULATION} when none applies). The
   * session's population is taken from its first request that names one with defaults, and kept; a
   * session with no defaults and nothing from Vigil is allowed without being held. O(1);
   * allocation-free except for the first request of a session with defaults (its state and buckets,
   * once) and a request that ends the session.
   */
  public Decision check(
      String sessionId, long nowMillis, RequestKind kind, int role, int population) {
    long h1 = table.hash1(sessionId);
    long h2 = table.hash2(sessionId);
    SessionTable.Shard shard = table.shard(h1);
    Decision d;
    int endedBy;
    SessionState s;
    synchronized (shard) {
      s = shard.find(h1, h2, nowMillis);
      boolean joins = defaults.covers(population) && (s == null || s.fairTat == null);
      if (s == null) {
        if (!joins) {
          stats.decided(Decision.ALLOW);
          return Decision.ALLOW;
        }
        s = shard.add(h1, h2, new SessionState(null, nowMillis), nowMillis);
      }
      if (joins) {
        s.joinPopulation(population, defaults);
      }
      if (!s.is(SessionState.KILLED | SessionState.ENDED)
          && s.accountId != null
          && accounts.endsSession(s.accountId, s.existedAt)) {
        s.flags = (s.flags | SessionState.KILLED) & ~SessionState.STEP_UP_PENDING;
        s.endedBy = SessionState.END_LOGGED_OUT;
        stats.killed.increment();
      }
      d = s.check(nowMillis, kind, role, defaults);
      if (d != Decision.DENY
          && kind.withdrawal()
          && s.accountId != null
          && accounts.holdsWithdrawals(s.accountId, nowMillis)) {
        d = Decision.DENY;
      }
      endedBy = s.endedBy;
      s.endedBy = SessionState.END_NONE;
      if (d == Decision.CHALLENGE && !s.is(SessionState.SEEN_CHALLENGED)) {
        s.flags |= SessionState.SEEN_CHALLENGED;
        stats.challenged.increment();
      } else if (d == Decision.THROTTLE && !s.is(SessionState.SEEN_THROTTLED)) {
        s.flags |= SessionState.SEEN_THROTTLED;
        stats.throttled.increment();
      } else if (d == Decision.DENY
          && !s.is(SessionState.KILLED | SessionState.ENDED | SessionState.SEEN_HELD)) {
        s.flags |= SessionState.SEEN_HELD;
        stats.held.increment();
      }
    }
    stats.decided(d);
    if (endedBy == SessionState.END_TIMEOUT) {
      report.ended(sessionId, s, null, OutcomeKind.SESSION_ENDED, null, "timeout", nowMillis);
    } else if (endedBy == SessionState.END_LOGGED_OUT) {
      report.ended(
          sessionId,
          s,
          null,
          OutcomeKind.SESSION_ENDED,
          null,
          "logged out everywhere (KILL_ALL_SESSIONS)",
          nowMillis);
    } else if (endedBy == SessionState.END_STEP_UP_ABANDONED) {
      stats.stepUpsAbandoned.increment();
      report.ended(
          sessionId,
          s,
          s.stepUpCommandId,
          OutcomeKind.STEP_UP_ABANDONED,
          null,
          "no answer within the step-up timeout",
          nowMillis);
    }
    return d;
  }

  /**
   * What came of the step-up the gateway presented to {@code sessionId}: PASSED with a factor the
   * command accepts lifts it (reported STEP_UP_PASSED); FAILED or ABANDONED ends the session
   * (STEP_UP_FAILED or STEP_UP_ABANDONED, then SESSION_ENDED). Returns false, reporting nothing,
   * when the session has no step-up pending or the factor is not one it accepts.
   */
  public boolean reportStepUp(
      String sessionId, StepUpResult result, String factor, long nowMillis) {
    long h1 = table.hash1(sessionId);
    long h2 = table.hash2(sessionId);
    SessionTable.Shard shard = table.shard(h1);
    SessionState s;
    synchronized (shard) {
      s = shard.find(h1, h2, nowMillis);
      if (s == null || !s.is(SessionState.STEP_UP_PENDING)) {
        return false;
      }
      if (result == StepUpResult.PASSED) {
        if (!Factors.accepts(s.factors, factor)) {
          return false;
        }
        s.flags &= ~SessionState.STEP_UP_PENDING;
      } else {
        s.flags = (s.flags | SessionState.ENDED) & ~SessionState.STEP_UP_PENDING;
      }
    }
    switch (result) {
      case PASSED -> {
        stats.stepUpsPassed.increment();
        report.publish(
            sessionId,
            s.accountId,
            s.stepUpCommandId,
            CommandAction.STEP_UP,
            OutcomeKind.STEP_UP_PASSED,
            null,
            factor,
            null,
            nowMillis);
      }
      case FAILED -> {
        stats.stepUpsFailed.increment();
        report.ended(
            sessionId,
            s,
            s.stepUpCommandId,
            OutcomeKind.STEP_UP_FAILED,
            factor,
            "step-up failed",
            nowMillis);
      }
      case ABANDONED -> {
        stats.stepUpsAbandoned.increment();
        report.ended(
            sessionId,
            s,
            s.stepUpCommandId,
            OutcomeKind.STEP_UP_ABANDONED,
            factor,
            "step-up abandoned",
            nowMillis);
      }
      default -> throw new IllegalStateException("unhandled result " + result);
    }
    return true;
  }

  /** The account commands in force (target ACCOUNT), for login, key and withdrawal checks. */
  public AccountEnforcement accounts() {
    return accounts;
  }

  /** Counters since start. */
  public EnforcerStats stats() {
    return stats;
  }

  /** Sessions held in the cache now. */
  public int sessions() {
    return table.size();
  }

  /** Sessions evicted from the cache so far (over capacity, or expired). */
  public long evicted() {
    return table.evicted();
  }

  public EnforcerSettings settings() {
    return settings;
  }

  /** The default rate limits applied per population and role ({@link FairAccessDefaults#NONE}). */
  public FairAccessDefaults defaults() {
    return defaults;
  }
}
