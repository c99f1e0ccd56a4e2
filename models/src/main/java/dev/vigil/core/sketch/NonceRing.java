package dev.vigil.core.sketch;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Fixed-size ring of the most recent nonce hashes of a session, with the time each was seen, for
 * replay detection.
 *
 * <p>Guarantee: a nonce replayed within the replay window is detected if fewer than {@code
 * capacity} other nonces arrived between the original and the replay. Older replays are caught only
 * through the numeric high-water test of the caller (decimal nonces that must increase). False
 * positives need a 64-bit hash collision (probability about capacity / 2^64 per request).
 * Serialised size: 1 + 12 * capacity bytes (times are stored as seconds relative to a base).
 */
public final class NonceRing {
  private final long[] hashes;
  private final long[] seenAt;
  private int next;
  private int size;

  public NonceRing(int capacity) {
    if (capacity < 1 || capacity > 255) {
      throw new IllegalArgumentException("capacity must be in [1, 255]");
    }
    hashes = new long[capacity];
    seenAt = new long[capacity];
  }

  public int capacity() {
    return hashes.length;
  }

  public int size() {
    return size;
  }

  /** When {@code hash} was last seen at or after {@code notBeforeMillis}, else Long.MIN_VALUE. */
  public long seenAt(long hash, long notBeforeMillis) {
    long found = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      if (hashes[i] == hash && seenAt[i] >= notBeforeMillis && seenAt[i] > found) {
        found = seenAt[i];
      }
    }
    return found;
  }

  public void add(long hash, long atMillis) {
    hashes[next] = hash;
    seenAt[next] = atMillis;
    next = (next + 1) % hashes.length;
    if (size < hashes.length) {
      size++;
    }
  }

  /** Writes the ring oldest first, times as int seconds relative to {@code baseMillis}. */
  public void write(DataOutput out, long baseMillis) throws IOException {
    out.writeByte(size);
    int start = size < hashes.length ? 0 : next;
    for (int k = 0; k < size; k++) {
      int i = (start + k) % hashes.length;
      out.writeLong(hashes[i]);
      out.writeInt(
          (int)
              Math.max(
                  Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, (seenAt[i] - baseMillis) / 1000)));
    }
  }

  public void read(DataInput in, long baseMillis) throws IOException {
    int n = in.readUnsignedByte();
    size = 0;
    next = 0;
    for (int k = 0; k < n; k++) {
      long h = in.readLong();
      long t = baseMillis + in.readInt() * 1000L;
      add(h, t);
    }
  }
}
