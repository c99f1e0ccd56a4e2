package dev.vigil.enforcer;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bounded session cache: {@value #SHARDS} shards, each a {@link LinkedHashMap} in insertion
 * order under its own lock, so request threads on different sessions rarely meet. A shard holds at
 * most {@code capacity / SHARDS} sessions (rounded up). Beyond that it evicts by second chance
 * (CLOCK, an approximation of least recently used that costs a lookup nothing but one flag): the
 * session at the cold end is evicted unless it was used since it last got there, in which case it
 * goes to the warm end with its flag cleared (at most {@value #CHANCES} such moves per eviction). A
 * session untouched (no command, no request) for longer than the retention is dropped when next
 * looked up, and up to {@value #SWEEP} such sessions at the cold end are dropped whenever a session
 * is added. Lookups are O(1) (String caches its hash), allocate nothing and write only to the
 * session's own state; an access-ordered map would also rewrite three neighbours' links, which at a
 * million sessions are three more cache misses.
 */
final class SessionTable {
  static final int SHARDS = 16;
  static final int SWEEP = 4;
  static final int CHANCES = 16;

  private final Shard[] shards = new Shard[SHARDS];

  SessionTable(int capacity, long retentionMillis) {
    int perShard = Math.max(1, (capacity + SHARDS - 1) / SHARDS);
    for (int i = 0; i < SHARDS; i++) {
      shards[i] = new Shard(perShard, retentionMillis);
    }
  }

  Shard shard(String sessionId) {
    int h = sessionId.hashCode();
    return shards[(h ^ (h >>> 16)) & (SHARDS - 1)];
  }

  /** Sessions held now (takes every shard's lock in turn). */
  int size() {
    int n = 0;
    for (Shard s : shards) {
      synchronized (s) {
        n += s.size();
      }
    }
    return n;
  }

  /** Sessions evicted so far, least recently used and expired. */
  long evicted() {
    long n = 0;
    for (Shard s : shards) {
      synchronized (s) {
        n += s.evicted;
      }
    }
    return n;
  }

  /** One shard; callers hold its monitor ({@code synchronized (shard)}) around every call. */
  static final class Shard extends LinkedHashMap<String, SessionState> {
    private static final long serialVersionUID = 1L;
    private final int capacity;
    private final long retentionMillis;
    long evicted;

    Shard(int capacity, long retentionMillis) {
      super(16, 0.75f, false);
      this.capacity = capacity;
      this.retentionMillis = retentionMillis;
    }

    /** The session's state, marked used at {@code now}; null when unknown or expired. */
    SessionState find(String sessionId, long now) {
      SessionState s = get(sessionId);
      if (s == null) {
        return null;
      }
      if (now - s.lastTouched > retentionMillis) {
        remove(sessionId);
        evicted++;
        return null;
      }
      if (now > s.lastTouched) {
        s.lastTouched = now;
      }
      s.flags |= SessionState.REFERENCED;
      return s;
    }

    /** Adds a new session's state, after dropping expired ones and evicting over capacity. */
    SessionState add(String sessionId, SessionState state, long now) {
      Iterator<SessionState> cold = values().iterator();
      for (int i = 0; i < SWEEP && cold.hasNext(); i++) {
        if (now - cold.next().lastTouched > retentionMillis) {
          cold.remove();
          evicted++;
        } else {
          break;
        }
      }
      int chances = 0;
      while (size() >= capacity) {
        Iterator<Map.Entry<String, SessionState>> it = entrySet().iterator();
        Map.Entry<String, SessionState> e = it.next();
        SessionState s = e.getValue();
        it.remove();
        if (s.is(SessionState.REFERENCED) && chances++ < CHANCES) {
          s.flags &= ~SessionState.REFERENCED;
          put(e.getKey(), s);
        } else {
          evicted++;
        }
      }
      put(sessionId, state);
      return state;
    }
  }
}
