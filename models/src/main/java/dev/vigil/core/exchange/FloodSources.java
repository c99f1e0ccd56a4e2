package dev.vigil.core.exchange;

import dev.vigil.core.sketch.Hashing;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The heaviest sources of one endpoint's requests in the open minute, of one kind (source network,
 * client fingerprint or account), by Space-Saving: Metwally, Agrawal and El Abbadi, "Efficient
 * Computation of Frequent and Top-k Elements in Data Streams" (ICDT 2005). A source not held that
 * arrives when the table is full replaces the lightest entry and inherits its count as its error.
 *
 * <p><b>Bounds</b> (that paper, Lemma 3.4 and Theorem 3.5, for {@code k = }{@link #CAPACITY}
 * counters and {@code n} requests in the minute): a held count over-estimates the source's true
 * count by at most its error, and every error is at most {@code n / k}; every source with more than
 * {@code n / k} requests is held. So {@link #guaranteed} (count minus error) never exceeds the true
 * count, and a source whose true share is at least {@code threshold + 1 / k} has a guaranteed share
 * of at least {@code threshold}: with 16 counters and a 20 % threshold, a source with 26.25 % of
 * the minute is always reported, one under 20 % never.
 *
 * <p>Entries are keyed by the 64-bit hash the session risk job computes for the same feature (the
 * network prefix of {@link Hashing#ipPrefix}, the client family of {@link Hashing#userAgentFamily},
 * the account id of {@link Hashing#of}), and keep a reference to the event's text of that feature
 * (the source address, the user agent, the account id), turned into the signal's canonical subject
 * only when a signal is raised. O({@value #CAPACITY}) per request (a scan of the keys), no
 * allocation; memory {@value #CAPACITY} x (8 + 4 + 4 + a reference) bytes plus the texts referenced
 * (at most 1,024 characters each by the access-log contract).
 */
final class FloodSources {
  /** Counters per kind: errors at most 1/16 of the minute's requests. */
  static final int CAPACITY = 16;

  private final long[] keys = new long[CAPACITY];
  private final int[] counts = new int[CAPACITY];
  private final int[] errors = new int[CAPACITY];
  private final int[] failures = new int[CAPACITY];
  private final String[] texts = new String[CAPACITY];
  private int size;

  /** Counts one request of the source {@code key} (ABSENT: the request has no such feature). */
  void add(long key, String text, boolean failed) {
    if (key == Hashing.ABSENT) {
      return;
    }
    int min = 0;
    for (int i = 0; i < size; i++) {
      if (keys[i] == key) {
        counts[i]++;
        failures[i] += failed ? 1 : 0;
        return;
      }
      if (counts[i] < counts[min]) {
        min = i;
      }
    }
    if (size < CAPACITY) {
      min = size++;
      counts[min] = 0;
    }
    keys[min] = key;
    texts[min] = text;
    errors[min] = counts[min];
    counts[min]++;
    failures[min] = failed ? 1 : 0;
  }

  int size() {
    return size;
  }

  long key(int i) {
    return keys[i];
  }

  String text(int i) {
    return texts[i];
  }

  /** A lower bound of the source's requests in the minute (count minus its error). */
  int guaranteed(int i) {
    return counts[i] - errors[i];
  }

  /** The source's failed requests counted since it was last (re)placed in the table. */
  int failures(int i) {
    return failures[i];
  }

  void clear() {
    size = 0;
    java.util.Arrays.fill(texts, null);
  }

  /** Writes the entries: 1 + size x (20 + the text's modified UTF-8) bytes. */
  void write(DataOutput out) throws IOException {
    out.writeByte(size);
    for (int i = 0; i < size; i++) {
      out.writeLong(keys[i]);
      out.writeInt(counts[i]);
      out.writeInt(errors[i]);
      out.writeInt(failures[i]);
      out.writeUTF(texts[i] == null ? "" : texts[i]);
    }
  }

  /** Reads what {@link #write} wrote; entries beyond {@link #CAPACITY} are dropped. */
  void read(DataInput in) throws IOException {
    int n = in.readUnsignedByte();
    clear();
    for (int i = 0; i < n; i++) {
      long k = in.readLong();
      int c = in.readInt();
      int e = in.readInt();
      int f = in.readInt();
      String t = in.readUTF();
      if (size < CAPACITY) {
        keys[size] = k;
        counts[size] = c;
        errors[size] = e;
        failures[size] = f;
        texts[size] = t;
        size++;
      }
    }
  }
}
