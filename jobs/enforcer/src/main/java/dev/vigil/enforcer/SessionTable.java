package dev.vigil.enforcer;

import java.security.SecureRandom;

/**
 * The bounded session cache, built so that a lookup among a million sessions costs few cache
 * misses: {@value #SHARDS} shards, each an open-addressing table (linear probing, at most half
 * full) under its own lock. A session is found by a 128-bit fingerprint of its id (two 64-bit
 * hashes, seeded per table from {@link SecureRandom}, so ids cannot be chosen to collide without
 * the seeds), kept in the table's own {@code long[]}; the id string itself is not stored. So a
 * lookup reads one slot of that array, one of the state array and the state, where a {@code
 * HashMap} reads its table, a node, the stored key string and that string's bytes before the state.
 * Two distinct ids share a fingerprint with probability about n^2 / 2^129 for n sessions (10^-27 at
 * a million).
 *
 * <p>Bounds: a shard holds at most {@code capacity / SHARDS} sessions (rounded up). Beyond that it
 * evicts by second chance (CLOCK, an approximation of least recently used that costs a lookup only
 * one flag): a hand moves over the slots, clearing the flag of a session used since it last passed
 * and evicting the first one not used (after at most {@value #CHANCES} second chances, the next one
 * whatever its flag). The hand also drops sessions untouched (no command, no request) for longer
 * than the retention, up to {@value #SWEEP} slots looked at per session added, and a lookup drops
 * the session it finds expired. Lookups are O(1) expected and allocate nothing.
 */
final class SessionTable {
  static final int SHARDS = 16;
  static final int SWEEP = 4;
  static final int CHANCES = 16;

  private final Shard[] shards = new Shard[SHARDS];
  private final long seed1;
  private final long seed2;

  SessionTable(int capacity, long retentionMillis) {
    SecureRandom random = new SecureRandom();
    seed1 = random.nextLong();
    seed2 = random.nextLong() | 1;
    int perShard = Math.max(1, (capacity + SHARDS - 1) / SHARDS);
    for (int i = 0; i < SHARDS; i++) {
      shards[i] = new Shard(perShard, retentionMillis);
    }
  }

  /**
   * The first half of {@code sessionId}'s fingerprint: seeded FNV-1a, then MurmurHash3's fmix64.
   */
  long hash1(String sessionId) {
    long h = 0xcbf29ce484222325L ^ seed1;
    for (int i = 0; i < sessionId.length(); i++) {
      h = (h ^ sessionId.charAt(i)) * 0x100000001b3L;
    }
    return fmix64(h);
  }

  /** The second half: an independent seeded multiplicative hash, then fmix64. */
  long hash2(String sessionId) {
    long h = seed2;
    for (int i = 0; i < sessionId.length(); i++) {
      h = (h + sessionId.charAt(i)) * 0x9E3779B97F4A7C15L;
    }
    return fmix64(h ^ sessionId.length());
  }

  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  Shard shard(long hash1) {
    return shards[(int) (hash1 >>> 60)];
  }

  /** Sessions held now (takes every shard's lock in turn). */
  int size() {
    int n = 0;
    for (Shard s : shards) {
      synchronized (s) {
        n += s.size;
      }
    }
    return n;
  }

  /** Sessions evicted so far, by capacity or retention. */
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
  static final class Shard {
    private final int capacity;
    private final long retentionMillis;
    private final int mask;

    /**
     * Per slot, the fingerprint's two halves: {@code keys[2 * slot]} and {@code [2 * slot + 1]}.
     */
    private final long[] keys;

    private final SessionState[] states;
    private int size;
    private int hand;
    long evicted;

    Shard(int capacity, long retentionMillis) {
      this.capacity = capacity;
      this.retentionMillis = retentionMillis;
      int slots = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
      this.mask = slots - 1;
      this.keys = new long[2 * slots];
      this.states = new SessionState[slots];
    }

    private int slotOf(long h1, long h2) {
      int i = (int) h1 & mask;
      while (states[i] != null) {
        if (keys[2 * i] == h1 && keys[2 * i + 1] == h2) {
          return i;
        }
        i = (i + 1) & mask;
      }
      return ~i;
    }

    /** The session's state, marked used at {@code now}; null when unknown or expired. */
    SessionState find(long h1, long h2, long now) {
      int i = slotOf(h1, h2);
      if (i < 0) {
        return null;
      }
      SessionState s = states[i];
      if (now - s.lastTouched > retentionMillis) {
        removeAt(i);
        evicted++;
        return null;
      }
      if (now > s.lastTouched) {
        s.lastTouched = now;
      }
      s.flags |= SessionState.REFERENCED;
      return s;
    }

    /**
     * Adds a new session (not held now), after dropping expired ones and evicting over capacity.
     */
    SessionState add(long h1, long h2, SessionState state, long now) {
      for (int k = 0; k < SWEEP && size > 0; k++) {
        SessionState s = states[hand];
        if (s != null && now - s.lastTouched > retentionMillis) {
          removeAt(hand); // the slot may now hold a shifted session: look at it again
          evicted++;
        } else {
          hand = (hand + 1) & mask;
        }
      }
      int chances = 0;
      while (size >= capacity) {
        SessionState s = states[hand];
        if (s == null) {
          hand = (hand + 1) & mask;
        } else if (s.is(SessionState.REFERENCED) && chances++ < CHANCES) {
          s.flags &= ~SessionState.REFERENCED;
          hand = (hand + 1) & mask;
        } else {
          removeAt(hand);
          evicted++;
        }
      }
      int i = ~slotOf(h1, h2);
      keys[2 * i] = h1;
      keys[2 * i + 1] = h2;
      states[i] = state;
      size++;
      return state;
    }

    /** Removes slot {@code i}, shifting later sessions of its probe run back (no tombstones). */
    private void removeAt(int i) {
      int gap = i;
      int j = i;
      while (true) {
        j = (j + 1) & mask;
        if (states[j] == null) {
          break;
        }
        int home = (int) keys[2 * j] & mask;
        // The session at j may fill the gap unless its home lies cyclically in (gap, j].
        boolean stays = gap <= j ? gap < home && home <= j : gap < home || home <= j;
        if (!stays) {
          keys[2 * gap] = keys[2 * j];
          keys[2 * gap + 1] = keys[2 * j + 1];
          states[gap] = states[j];
          gap = j;
        }
      }
      states[gap] = null;
      keys[2 * gap] = 0;
      keys[2 * gap + 1] = 0;
      size--;
    }
  }
}
