package dev.vigil.core.sketch;

/**
 * Count-Min sketch of real-valued weights keyed by 64-bit hashes.
 *
 * <p>Cormode and Muthukrishnan, "An Improved Data Stream Summary: The Count-Min Sketch and its
 * Applications", J. Algorithms 55(1), 2005. With width w and depth d, an estimate never
 * under-estimates and over-estimates by more than (e / w) * total with probability at least 1 -
 * exp(-d). Memory is exactly {@code 4 * width * depth} bytes; updates and queries are O(d).
 * Conservative update (only raise the cells at the current minimum) is used, which keeps the bound
 * and reduces the over-estimate in practice (Estan and Varghese, SIGCOMM 2002).
 */
public final class CountMinSketch {
  private final int width;
  private final int depth;
  private final int mask;
  private final float[] cells;

  /**
   * @param width a power of two
   * @param depth number of rows, at most 8
   */
  public CountMinSketch(int width, int depth) {
    if (Integer.bitCount(width) != 1 || depth < 1 || depth > 8) {
      throw new IllegalArgumentException("width must be a power of two and depth in [1, 8]");
    }
    this.width = width;
    this.depth = depth;
    this.mask = width - 1;
    this.cells = new float[width * depth];
  }

  public int width() {
    return width;
  }

  public int depth() {
    return depth;
  }

  public float estimate(long key) {
    float min = Float.MAX_VALUE;
    for (int r = 0; r < depth; r++) {
      float c = cells[r * width + column(key, r)];
      if (c < min) {
        min = c;
      }
    }
    return min;
  }

  public void add(long key, float weight) {
    float target = estimate(key) + weight;
    for (int r = 0; r < depth; r++) {
      int i = r * width + column(key, r);
      if (cells[i] < target) {
        cells[i] = target;
      }
    }
  }

  public void rescale(float factor) {
    for (int i = 0; i < cells.length; i++) {
      cells[i] *= factor;
    }
  }

  float[] cells() {
    return cells;
  }

  /** Writes the counters, row by row (4 bytes each). */
  public void writeCells(java.io.DataOutput out) throws java.io.IOException {
    for (float c : cells) {
      out.writeFloat(c);
    }
  }

  /** Reads counters written by {@link #writeCells} from a sketch of the same width and depth. */
  public void readCells(java.io.DataInput in) throws java.io.IOException {
    for (int i = 0; i < cells.length; i++) {
      cells[i] = in.readFloat();
    }
  }

  private int column(long key, int row) {
    // Two independent halves of a 64-bit hash give d pairwise-independent rows
    // (Kirsch-Mitzenmacher).
    int h1 = (int) key;
    int h2 = (int) (key >>> 32);
    return (h1 + row * h2 + row * row) & mask;
  }
}
