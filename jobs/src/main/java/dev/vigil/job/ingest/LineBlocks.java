package dev.vigil.job.ingest;

import dev.vigil.ingest.AccessLogParser;
import dev.vigil.ingest.IngestLimits;
import dev.vigil.ingest.IngestResult;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Reads a file of JSON access-log lines in blocks of whole lines, for the multi-threaded file
 * backtest ({@code dev.vigil.job.risk.FileBacktest}): one thread cuts blocks, any thread turns a
 * block into {@link Ingested} records with {@link #parse}. Lines, line numbers and records are
 * exactly those of {@link JsonLinesFormat} over {@link BoundedLineReader}: lines end at {@code \n},
 * a final {@code \r} before it (or before the end) is dropped, a last line without newline counts,
 * and a line longer than {@code keep} bytes is dead-lettered as {@code OVERSIZED} with its first
 * {@code keep} bytes, its length and the SHA-256 of all of it ({@code LineBlocksTest} checks the
 * two readers against each other).
 *
 * <p>Cost: one scan for the newline per byte ({@code indexOf}-style loop, no per-byte bookkeeping)
 * and one copy of each line into a block; memory: blocks of {@code max(1 MiB, 2 x keep)} bytes, and
 * a line of any length is read in bounded memory (the part beyond {@code keep} is only hashed). Not
 * thread-safe: one reader per file; a {@link Block} is immutable once returned.
 */
public final class LineBlocks {
  private static final int MIN_BLOCK = 1 << 20;

  private final InputStream in;
  private final int keep;
  private final int blockSize;
  private final IngestLimits limits;
  private final String fileName;
  private byte[] carry = new byte[0];
  private int carryLength;
  private boolean eof;
  private long lineNumber;

  /** A run of whole lines, numbered from {@link #firstLine}. */
  public static final class Block {
    final byte[] data;
    final int[] starts;
    final int[] ends;
    final int count;
    final long firstLine;

    /** Records made while reading (lines cut for their length), by index; null otherwise. */
    final Ingested[] preset;

    Block(byte[] data, int[] starts, int[] ends, int count, long firstLine, Ingested[] preset) {
      this.data = data;
      this.starts = starts;
      this.ends = ends;
      this.count = count;
      this.firstLine = firstLine;
      this.preset = preset;
    }

    /** Lines in this block. */
    public int size() {
      return count;
    }
  }

  /**
   * @param limits the ingest limits; lines longer than {@code max(limits.maxRecordBytes(), 64 KiB)}
   *     are cut, as {@link JsonLinesFormat} cuts them
   * @param fileName the dead letters' source name
   */
  public LineBlocks(InputStream in, IngestLimits limits, String fileName) {
    this.in = in;
    this.limits = limits;
    this.fileName = fileName;
    this.keep = Math.max(limits.maxRecordBytes(), DeadLetterRaw.MAX_RAW_BYTES);
    this.blockSize = Math.max(MIN_BLOCK, 2 * keep);
  }

  /** The next block of lines, or null at the end of the file. */
  public Block next() throws IOException {
    if (eof && carryLength == 0) {
      return null;
    }
    byte[] data = new byte[blockSize];
    System.arraycopy(carry, 0, data, 0, carryLength);
    int length = carryLength + fill(data, carryLength);
    carryLength = 0;
    if (length == 0) {
      return null;
    }
    int capacity = 1024;
    int[] starts = new int[capacity];
    int[] ends = new int[capacity];
    Ingested[] preset = null;
    int count = 0;
    int start = 0;
    long first = lineNumber + 1;
    while (start < length) {
      int nl = indexOfNewline(data, start, length);
      if (nl < 0 && !eof) {
        break; // an unfinished line: it goes to the next block
      }
      int end = nl < 0 ? length : nl;
      int cut = end > start && data[end - 1] == '\r' ? end - 1 : end;
      if (count == capacity) {
        capacity *= 2;
        starts = Arrays.copyOf(starts, capacity);
        ends = Arrays.copyOf(ends, capacity);
      }
      lineNumber++;
      if (cut - start > keep) {
        if (preset == null) {
          preset = new Ingested[capacity];
        } else if (preset.length < capacity) {
          preset = Arrays.copyOf(preset, capacity);
        }
        MessageDigest digest = DeadLetterRaw.newSha256();
        digest.update(data, start, cut - start);
        preset[count] = cutLine(Arrays.copyOfRange(data, start, start + keep), cut - start, digest);
      }
      starts[count] = start;
      ends[count] = cut;
      count++;
      start = nl < 0 ? length : nl + 1;
    }
    if (start < length) {
      if (count == 0) {
        // One line fills the whole block: longer than keep, so it is cut; read to its end.
        lineNumber++;
        Ingested[] one = {longLine(data, length)};
        return new Block(data, new int[1], new int[1], 1, first, one);
      }
      carryLength = length - start;
      if (carry.length < carryLength) {
        carry = new byte[blockSize];
      }
      System.arraycopy(data, start, carry, 0, carryLength);
    }
    return new Block(
        data,
        starts,
        ends,
        count,
        first,
        preset == null || preset.length >= count ? preset : Arrays.copyOf(preset, count));
  }

  /**
   * The record of each line of {@code block}, in order, as {@link JsonLinesFormat} makes it.
   *
   * @param parser one per thread
   */
  public Ingested[] parse(Block block, AccessLogParser parser) {
    Ingested[] out = new Ingested[block.count];
    for (int i = 0; i < block.count; i++) {
      if (block.preset != null && block.preset[i] != null) {
        out[i] = block.preset[i];
        continue;
      }
      long now = System.currentTimeMillis();
      byte[] raw = Arrays.copyOfRange(block.data, block.starts[i], block.ends[i]);
      IngestResult result = parser.parse(raw, now);
      if (result.isAccepted()) {
        result.event().setIngestedAt(result.event().getTimestamp());
      }
      out[i] = Ingested.of(result, raw, fileName, null, block.firstLine + i, now);
    }
    return out;
  }

  private Ingested cutLine(byte[] prefix, long length, MessageDigest digest) {
    return Ingested.cut(
        limits.oversized(length),
        prefix,
        length,
        digest.digest(),
        fileName,
        lineNumber,
        System.currentTimeMillis());
  }

  /**
   * A line that starts at {@code data[0]} and runs past {@code data[length - 1]}: keeps its first
   * {@code keep} bytes, hashes the rest as it reads to the newline, and leaves what follows the
   * newline for the next block.
   */
  private Ingested longLine(byte[] data, int length) throws IOException {
    byte[] prefix = Arrays.copyOf(data, keep);
    MessageDigest digest = DeadLetterRaw.newSha256();
    boolean pendingCr = data[length - 1] == '\r'; // dropped if the newline follows
    int hashed = pendingCr ? length - 1 : length;
    digest.update(data, 0, hashed);
    long total = hashed;
    byte[] chunk = data; // reused: the block's bytes are hashed already
    while (true) {
      int n = fill(chunk, 0);
      if (n == 0) {
        break; // the end of the file ends the line (a final \r is dropped)
      }
      int nl = indexOfNewline(chunk, 0, n);
      int end = nl < 0 ? n : nl;
      if (pendingCr && end > 0) {
        digest.update((byte) '\r');
        total++;
      }
      if (nl < 0) {
        pendingCr = chunk[n - 1] == '\r';
        int upTo = pendingCr ? n - 1 : n;
        digest.update(chunk, 0, upTo);
        total += upTo;
        continue;
      }
      int upTo = end > 0 && chunk[end - 1] == '\r' ? end - 1 : end;
      digest.update(chunk, 0, upTo);
      total += upTo;
      carryLength = n - nl - 1;
      if (carry.length < carryLength) {
        carry = new byte[blockSize];
      }
      System.arraycopy(chunk, nl + 1, carry, 0, carryLength);
      break;
    }
    return cutLine(prefix, total, digest);
  }

  /** Reads into {@code b} from {@code offset} until it is full or the file ends. */
  private int fill(byte[] b, int offset) throws IOException {
    if (eof) {
      return 0;
    }
    int n = in.readNBytes(b, offset, b.length - offset);
    if (n < b.length - offset) {
      eof = true;
    }
    return n;
  }

  private static int indexOfNewline(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
