package dev.vigil.core.exchange;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Distinct count over a sliding window, as two HyperLogLog sketches of consecutive half-windows
 * (the current one and the one before), read as their union. HyperLogLog: Flajolet, Fusy, Gandouet
 * and Meunier, "HyperLogLog: the analysis of a near-optimal cardinality estimation algorithm", AofA
 * 2007, with its small-range correction by linear counting (Whang, Vander-Zanden and Taylor, ACM
 * TODS 15(2), 1990), which is what applies below 2.5 m = 640 distinct values.
 *
 * <p><b>Window.</b> The caller {@link #rotate}s at each half-window boundary; the estimate then
 * covers between one half and one whole window of history (5 to 10 minutes for a 10-minute window).
 * <b>Error.</b> m = 256 registers: a relative standard error of 1.04 / sqrt(256) = 6.5 % above a
 * few hundred values, less below (linear counting is nearly exact while most registers are empty:
 * 20 values are read as 20 +- 1). <b>Bounds.</b> 512 bytes of registers plus 12; {@link #add} and
 * {@link #estimate} are O(1) (the union's harmonic sum and empty registers are kept up to date at
 * each add), {@link #rotate} is O(m); no allocation after construction. Not thread-safe.
 */
public final class WindowedDistinct {
  static final int P = 8;
  static final int M = 1 << P;
  private static final double ALPHA_M2 = 0.7213 / (1 + 1.079 / M) * M * M;
  private static final double[] INV_POW2 = new double[66];

  static {
    for (int i = 0; i < INV_POW2.length; i++) {
      INV_POW2[i] = Math.scalb(1.0, -i);
    }
  }

  private final byte[] current = new byte[M];
  private final byte[] previous = new byte[M];
  private double sum = M;
  private int zeros = M;

  /** Adds a 64-bit hash of a value (well mixed, e.g. {@code Hashing.of}). */
  public void add(long hash) {
    int j = (int) (hash >>> (64 - P));
    int rank = Long.numberOfLeadingZeros((hash << P) | (1L << (P - 1))) + 1;
    int cur = current[j];
    if (rank <= cur) {
      return;
    }
    current[j] = (byte) rank;
    int before = Math.max(cur, previous[j]);
    if (rank > before) {
      sum += INV_POW2[rank] - INV_POW2[before];
      if (before == 0) {
        zeros--;
      }
    }
  }

  /** Estimated distinct values in the current and previous half-windows together. */
  public double estimate() {
    if (zeros == M) {
      return 0.0;
    }
    double raw = ALPHA_M2 / sum;
    if (raw <= 2.5 * M && zeros > 0) {
      return M * Math.log((double) M / zeros);
    }
    return raw;
  }

  /**
   * Starts a new half-window: the current sketch becomes the previous one, or, after {@code halves}
   * >= 2 half-windows without a rotation, both are emptied.
   */
  public void rotate(long halves) {
    if (halves <= 0) {
      return;
    }
    if (halves == 1) {
      System.arraycopy(current, 0, previous, 0, M);
    } else {
      Arrays.fill(previous, (byte) 0);
    }
    Arrays.fill(current, (byte) 0);
    recompute();
  }

  private void recompute() {
    sum = 0;
    zeros = 0;
    for (int j = 0; j < M; j++) {
      int r = Math.max(current[j], previous[j]);
      sum += INV_POW2[r];
      if (r == 0) {
        zeros++;
      }
    }
  }

  void write(DataOutput out) throws IOException {
    out.write(current);
    out.write(previous);
  }

  void read(DataInput in) throws IOException {
    in.readFully(current);
    in.readFully(previous);
    for (int j = 0; j < M; j++) {
      if (current[j] < 0
          || current[j] > 64 - P + 1
          || previous[j] < 0
          || previous[j] > 64 - P + 1) {
        throw new IOException(
            "HyperLogLog register out of range: " + Math.max(current[j], previous[j]));
      }
    }
    recompute();
  }
}
