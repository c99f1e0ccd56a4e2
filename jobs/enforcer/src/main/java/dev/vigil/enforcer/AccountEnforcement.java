package dev.vigil.enforcer;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandParameters;
import dev.vigil.schema.CommandTarget;
import dev.vigil.schema.SessionCommand;
import dev.vigil.schema.SessionEnforcement.Outcome;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The account commands (target ACCOUNT, schema version 8) a gateway holds per account, applied by
 * {@link ReferenceEnforcer}: KILL_ALL_SESSIONS ends every session of the account that began before
 * the command's {@code issuedAt} (a session the owner opens afterwards is not touched);
 * HOLD_WITHDRAWALS denies the account's withdrawals until {@code issuedAt + holdSeconds} or until
 * an analyst lifts it ({@link #liftHold}); REVOKE_API_KEY records the key as revoked; and
 * REQUIRE_REVERIFICATION marks the account until the gateway reports the owner re-verified ({@link
 * #reverified}). Idempotent: applying a command twice changes nothing more (times only grow).
 *
 * <p>Bounded: at most {@code capacity} accounts, the least recently touched evicted first (an
 * evicted account forgets its hold: size the capacity above the accounts with an open incident,
 * which the policy keeps to a few per day); {@value #KEYS} revoked keys per account, the oldest
 * forgotten first (a revocation is the identity service's to keep for good). Thread-safe: one lock;
 * the per-request path ({@link #endsSession}, {@link #holdsWithdrawals}) is O(1), and skips the
 * lock while no account command was ever applied.
 */
public final class AccountEnforcement {
  static final int KEYS = 4;

  /** What is in force for one account. */
  public record Status(
      long loggedOutBefore,
      long holdUntil,
      boolean reverificationRequired,
      java.util.List<String> revokedKeys) {}

  private static final class Entry {
    long loggedOutBefore = Long.MIN_VALUE;
    long holdUntil = Long.MIN_VALUE;
    boolean reverify;
    final String[] keys = new String[KEYS];
    int nextKey;
  }

  private final Map<String, Entry> accounts;
  private volatile boolean any;

  AccountEnforcement(int capacity) {
    this.accounts =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Applies one VALID account command; IGNORED for an action a session-level gateway keeps. */
  synchronized Outcome apply(SessionCommand c) {
    if (c.getTarget() != CommandTarget.ACCOUNT) {
      return Outcome.IGNORED;
    }
    CommandAction a = c.getAction();
    CommandParameters p = c.getParameters();
    if (a != CommandAction.KILL_ALL_SESSIONS
        && a != CommandAction.HOLD_WITHDRAWALS
        && a != CommandAction.REVOKE_API_KEY
        && a != CommandAction.REQUIRE_REVERIFICATION) {
      return Outcome.IGNORED;
    }
    String key = p == null ? null : p.getApiKeyId();
    if (a == CommandAction.REVOKE_API_KEY && key == null) {
      return Outcome.IGNORED;
    }
    Entry e = accounts.computeIfAbsent(c.getAccountId(), k -> new Entry());
    any = true;
    switch (a) {
      case KILL_ALL_SESSIONS -> e.loggedOutBefore = Math.max(e.loggedOutBefore, c.getIssuedAt());
      case HOLD_WITHDRAWALS -> {
        long seconds = p == null || p.getHoldSeconds() == null ? 0 : p.getHoldSeconds();
        e.holdUntil = Math.max(e.holdUntil, c.getIssuedAt() + seconds * 1000);
      }
      case REVOKE_API_KEY -> {
        if (Arrays.asList(e.keys).contains(key)) {
          return Outcome.DUPLICATE;
        }
        e.keys[e.nextKey] = key;
        e.nextKey = (e.nextKey + 1) % KEYS;
      }
      default -> e.reverify = true;
    }
    return Outcome.APPLIED;
  }

  /** Whether a session of {@code accountId} known to exist at {@code existedAt} is logged out. */
  boolean endsSession(String accountId, long existedAt) {
    if (!any) {
      return false;
    }
    synchronized (this) {
      Entry e = accounts.get(accountId);
      return e != null && existedAt < e.loggedOutBefore;
    }
  }

  /** Whether the account's withdrawals are held at {@code now}. */
  boolean holdsWithdrawals(String accountId, long now) {
    if (!any) {
      return false;
    }
    synchronized (this) {
      Entry e = accounts.get(accountId);
      return e != null && now < e.holdUntil;
    }
  }

  /** What is in force for {@code accountId}; null when nothing is. For login and key checks. */
  public synchronized Status status(String accountId) {
    Entry e = accounts.get(accountId);
    if (e == null) {
      return null;
    }
    return new Status(
        e.loggedOutBefore,
        e.holdUntil,
        e.reverify,
        Arrays.stream(e.keys).filter(java.util.Objects::nonNull).toList());
  }

  /** An analyst lifted the account's hold. */
  public synchronized void liftHold(String accountId) {
    Entry e = accounts.get(accountId);
    if (e != null) {
      e.holdUntil = Long.MIN_VALUE;
    }
  }

  /** The owner passed re-verification: new sessions may be issued. */
  public synchronized void reverified(String accountId) {
    Entry e = accounts.get(accountId);
    if (e != null) {
      e.reverify = false;
    }
  }
}
