package dev.vigil.core.sketch;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Bounded table of the heaviest feature values of one kind, by weighted Space-Saving.
 *
 * <p>Algorithm: Metwally, Agrawal and El Abbadi, "Efficient Computation of Frequent and Top-k
 * Elements in Data Streams" (ICDT 2005), with real-valued weights. Time decay is applied by the
 * caller through forward decay (Cormode, Shkapenyuk, Srivastava and Xu, "Forward Decay", ICDE
 * 2009): an update at time t carries weight exp((t - landmark) / tau), so counts never need to be
 * decayed in place and each update costs one scan of at most {@code capacity} keys.
 *
 * <p>Bounds: at most {@code capacity} entries (12 bytes each when serialised). A stored count
 * over-estimates the true decayed weight by at most {@code total / capacity}; a value that is not
 * stored has true weight at most {@code total / capacity}. {@link #count} returns 0 for values not
 * stored, i.e. it treats evicted rare values as unseen, which errs towards novelty.
 *
 * <p>Not thread-safe; one instance belongs to one account.
 */
public final class DecayedTopK {
  private final long[] keys;
  private final float[] counts;
  private int size;
  private float total;

  /**
   * Where the last key looked up was found: checked first, since an event looks a key up to score
   * it and again to learn it. Not state (never written); a stale hint costs one comparison.
   */
  private int hint;

  public DecayedTopK(int capacity) {
    if (capacity < 1 || capacity > 255) {
      throw new IllegalArgumentException("capacity must be in [1, 255], was " + capacity);
    }
    keys = new long[capacity];
    counts = new float[capacity];
  }

  public int capacity() {
    return keys.length;
  }

  public int size() {
    return size;
  }

  /** Sum of all weights ever added (in forward-decay scale), including evicted ones. */
  public float total() {
    return total;
  }

  /** Stored weight of {@code key}, 0 when not stored. */
  public float count(long key) {
    int i = indexOf(key);
    return i < 0 ? 0f : counts[i];
  }

  public long keyAt(int i) {
    return keys[i];
  }

  public float countAt(int i) {
    return counts[i];
  }

  /**
   * Adds {@code weight} to {@code key}. When the table is full and the key is new, the lightest
   * entry is replaced and the newcomer inherits its weight (the Space-Saving over-estimate).
   */
  public void add(long key, float weight) {
    total += weight;
    int i = indexOf(key);
    if (i >= 0) {
      counts[i] += weight;
      return;
    }
    if (size < keys.length) {
      keys[size] = key;
      counts[size] = weight;
      size++;
      return;
    }
    int min = 0;
    for (int j = 1; j < size; j++) {
      if (counts[j] < counts[min]) {
        min = j;
      }
    }
    keys[min] = key;
    counts[min] += weight;
  }

  /**
   * Takes back at most {@code weight} from {@code key} and from the total (the undo of {@link #add}
   * for a lesson rolled back); an entry left at zero is removed. A key no longer held (it was
   * replaced since) takes nothing back from the entries: its weight went with it. O(capacity).
   */
  public void withdraw(long key, float weight) {
    int i = indexOf(key);
    if (i < 0 || weight <= 0) {
      return;
    }
    float taken = Math.min(weight, counts[i]);
    counts[i] -= taken;
    total = Math.max(0f, total - taken);
    if (counts[i] <= 0f) {
      size--;
      keys[i] = keys[size];
      counts[i] = counts[size];
    }
  }

  /** Multiplies every weight by {@code factor}; used when the forward-decay landmark moves. */
  public void rescale(float factor) {
    total *= factor;
    for (int i = 0; i < size; i++) {
      counts[i] *= factor;
    }
  }

  public void clear() {
    size = 0;
    total = 0f;
  }

  private int indexOf(long key) {
    int h = hint;
    if (h < size && keys[h] == key) {
      return h; // keys are unique in the table, so this is the one index a scan would find
    }
    for (int i = 0; i < size; i++) {
      if (keys[i] == key) {
        hint = i;
        return i;
      }
    }
    return -1;
  }

  /** Writes size, total and entries: 5 + 12 * size bytes. */
  public void write(DataOutput out) throws IOException {
    out.writeByte(size);
    out.writeFloat(total);
    for (int i = 0; i < size; i++) {
      out.writeLong(keys[i]);
      out.writeFloat(counts[i]);
    }
  }

  /** Reads what {@link #write} wrote; entries beyond this table's capacity are dropped. */
  public void read(DataInput in) throws IOException {
    int n = in.readUnsignedByte();
    total = in.readFloat();
    size = 0;
    for (int i = 0; i < n; i++) {
      long k = in.readLong();
      float c = in.readFloat();
      if (size < keys.length) {
        keys[size] = k;
        counts[size] = c;
        size++;
      }
    }
  }
}
