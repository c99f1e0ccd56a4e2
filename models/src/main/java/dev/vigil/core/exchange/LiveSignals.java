package dev.vigil.core.exchange;

import dev.vigil.core.sketch.Hashing;
import java.util.function.LongConsumer;

/**
 * The exchange job's live signals ({@code vigil.signals}) as one subtask of the session risk job
 * holds them: key = {@link SignalSubjects#key} (a 64-bit hash of subject type and subject), value =
 * signal kind, subject type, score, accounts touched and expiry. One live signal per key: a signal
 * for a key already held replaces it (the exchange job re-issues a wave as it grows).
 *
 * <p><b>Bounds.</b> At most {@link #maxEntries()} entries (65,536 in the job, {@link
 * #DEFAULT_MAX_ENTRIES}) in an open-addressing table of the next power of two at least twice that
 * many slots (load at most 1/2), parallel primitive arrays of 25 bytes a slot: 3.3 MB at the
 * default. {@link #find} is O(1) expected (linear probing at load 1/2 averages 2.5 probes for a
 * miss, Knuth, TAOCP vol. 3, section 6.4) and allocates nothing. {@link #put} into a full table
 * first evicts the entry that expires soonest (the least useful one: an expired entry, if any, is
 * the soonest), found by one scan of the slots: O(slots), on the broadcast path only, which carries
 * a few signals a minute. Removal is backward-shift deletion (no tombstones, so the probe lengths
 * stay those of the live entries).
 *
 * <p>Not thread-safe (one per operator subtask, like the engine that reads it).
 */
public final class LiveSignals {
  /** The job's bound: a stuffing campaign spread over tens of thousands of /24s still fits. */
  public static final int DEFAULT_MAX_ENTRIES = 65_536;

  private final int maxEntries;
  private final int mask;
  private final long[] keys;
  private final long[] expires;
  private final float[] scores;
  private final int[] accounts;
  private final byte[] kinds;
  private final byte[] subjects;
  private final int[] perSubject = new int[SignalSubjects.SUBJECT_TYPES];
  private int size;

  public LiveSignals(int maxEntries) {
    if (maxEntries < 1 || maxEntries > 1 << 24) {
      throw new IllegalArgumentException("maxEntries must be in [1, 16777216], was " + maxEntries);
    }
    this.maxEntries = maxEntries;
    int slots = Integer.highestOneBit(maxEntries * 2 - 1) << 1;
    mask = slots - 1;
    keys = new long[slots];
    expires = new long[slots];
    scores = new float[slots];
    accounts = new int[slots];
    kinds = new byte[slots];
    subjects = new byte[slots];
  }

  public int size() {
    return size;
  }

  public int maxEntries() {
    return maxEntries;
  }

  /** Entries of this subject type ({@code SignalSubject} ordinal), expired ones included. */
  public int size(int subjectType) {
    return perSubject[subjectType];
  }

  /**
   * Holds a signal under {@code key}, replacing one held there.
   *
   * @param kind the {@code SignalKind} ordinal
   * @param subjectType the {@code SignalSubject} ordinal
   * @return the key evicted to make room (the entry expiring soonest), or {@link Hashing#ABSENT}
   */
  public long put(
      long key, int kind, int subjectType, float score, int accountsTouched, long expiresAt) {
    if (key == Hashing.ABSENT) {
      throw new IllegalArgumentException("key 0 is reserved for an empty slot");
    }
    long evicted = Hashing.ABSENT;
    int slot = slotOf(key);
    if (slot < 0) {
      if (size == maxEntries) {
        evicted = soonestExpiring();
        remove(evicted);
      }
      slot = (int) (Hashing.fmix(key) & mask);
      while (keys[slot] != Hashing.ABSENT) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      size++;
    } else {
      perSubject[subjects[slot]]--;
    }
    expires[slot] = expiresAt;
    scores[slot] = score;
    accounts[slot] = accountsTouched;
    kinds[slot] = (byte) kind;
    subjects[slot] = (byte) subjectType;
    perSubject[subjectType]++;
    return evicted;
  }

  /**
   * The slot of {@code key} if its signal is live at {@code nowMillis} (expiry after it), or -1
   * (also for {@link Hashing#ABSENT}, an event's missing feature).
   */
  public int find(long key, long nowMillis) {
    int slot = slotOf(key);
    return slot >= 0 && expires[slot] > nowMillis ? slot : -1;
  }

  public long key(int slot) {
    return keys[slot];
  }

  public int kind(int slot) {
    return kinds[slot];
  }

  public int subjectType(int slot) {
    return subjects[slot];
  }

  public float score(int slot) {
    return scores[slot];
  }

  public int accounts(int slot) {
    return accounts[slot];
  }

  public long expiresAt(int slot) {
    return expires[slot];
  }

  /** Removes {@code key}; returns whether it was held. */
  public boolean remove(long key) {
    int slot = slotOf(key);
    if (slot < 0) {
      return false;
    }
    perSubject[subjects[slot]]--;
    size--;
    // Backward-shift deletion: move later entries of the run into the hole when their home slot
    // does not lie cyclically in (hole, entry].
    int hole = slot;
    int next = (hole + 1) & mask;
    while (keys[next] != Hashing.ABSENT) {
      int home = (int) (Hashing.fmix(keys[next]) & mask);
      boolean stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (!stays) {
        move(next, hole);
        hole = next;
      }
      next = (next + 1) & mask;
    }
    keys[hole] = Hashing.ABSENT;
    return true;
  }

  /**
   * Removes every entry expired at {@code nowMillis} (expiry at or before it), telling {@code
   * removed} each key. O(slots).
   *
   * @return how many were removed
   */
  public int expire(long nowMillis, LongConsumer removed) {
    int n = 0;
    for (int slot = 0; slot <= mask; slot++) {
      // A removal may shift a later entry into this slot: look at it again.
      while (keys[slot] != Hashing.ABSENT && expires[slot] <= nowMillis) {
        long key = keys[slot];
        remove(key);
        removed.accept(key);
        n++;
      }
    }
    return n;
  }

  private void move(int from, int to) {
    keys[to] = keys[from];
    expires[to] = expires[from];
    scores[to] = scores[from];
    accounts[to] = accounts[from];
    kinds[to] = kinds[from];
    subjects[to] = subjects[from];
  }

  private int slotOf(long key) {
    if (key == Hashing.ABSENT) {
      return -1; // an absent feature (0 also marks an empty slot, which must not match it)
    }
    int slot = (int) (Hashing.fmix(key) & mask);
    while (true) {
      long k = keys[slot];
      if (k == key) {
        return slot;
      }
      if (k == Hashing.ABSENT) {
        return -1;
      }
      slot = (slot + 1) & mask;
    }
  }

  private long soonestExpiring() {
    long best = Hashing.ABSENT;
    long bestExpiry = Long.MAX_VALUE;
    for (int slot = 0; slot <= mask; slot++) {
      if (keys[slot] != Hashing.ABSENT && (best == Hashing.ABSENT || expires[slot] < bestExpiry)) {
        best = keys[slot];
        bestExpiry = expires[slot];
      }
    }
    return best;
  }
}
