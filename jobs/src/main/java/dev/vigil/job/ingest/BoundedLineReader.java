package dev.vigil.job.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Reads newline-terminated lines from a stream in bounded memory, whatever their length: each
 * line's first {@code keep} bytes are kept, the rest only counted and hashed (SHA-256), so a 20 MiB
 * or 20 GiB line costs {@code keep} bytes of heap. A final {@code \r} before the newline (or the
 * end) is dropped, as CRLF files end their lines. Not thread-safe: one per file reader.
 */
final class BoundedLineReader {
  private static final int BLOCK = 1 << 16;

  private final InputStream in;
  private final byte[] buffer = new byte[BLOCK];
  private final byte[] kept;
  private final byte[] overflow = new byte[8192];
  private int position;
  private int limit;
  private MessageDigest digest;

  // The line just read.
  private int keptBytes;
  private long length;
  private boolean cut;
  private int overflowBytes;

  /**
   * @param keep how many bytes of each line to keep in memory; longer lines are cut
   */
  BoundedLineReader(InputStream in, int keep) {
    this.in = in;
    this.kept = new byte[keep];
  }

  /** Reads the next line; false at the end of the stream (a last line without newline counts). */
  boolean next() throws IOException {
    keptBytes = 0;
    length = 0;
    cut = false;
    overflowBytes = 0;
    boolean any = false;
    boolean pendingCr = false;
    while (true) {
      if (position == limit && !fill()) {
        break;
      }
      any = true;
      byte b = buffer[position++];
      if (b == '\n') {
        break;
      }
      if (pendingCr) {
        append((byte) '\r');
        pendingCr = false;
      }
      if (b == '\r') {
        pendingCr = true;
      } else {
        append(b);
      }
    }
    if (cut && overflowBytes > 0) {
      digest.update(overflow, 0, overflowBytes);
    }
    return any;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }

  private void append(byte b) {
    length++;
    if (keptBytes < kept.length) {
      kept[keptBytes++] = b;
      return;
    }
    if (!cut) {
      cut = true;
      if (digest == null) {
        digest = DeadLetterRaw.newSha256();
      }
      digest.reset();
      digest.update(kept, 0, keptBytes);
    }
    overflow[overflowBytes++] = b;
    if (overflowBytes == overflow.length) {
      digest.update(overflow, 0, overflowBytes);
      overflowBytes = 0;
    }
  }

  /**
   * Whether the line was longer than {@code keep} bytes, so only its start is in {@link #bytes}.
   */
  boolean isCut() {
    return cut;
  }

  /** The whole line's length in bytes, without its line end. */
  long length() {
    return length;
  }

  /** A copy of the kept bytes: the whole line, or its first {@code keep} bytes when cut. */
  byte[] bytes() {
    return Arrays.copyOf(kept, keptBytes);
  }

  /** SHA-256 of the whole line; only for a cut line, and only once per line. */
  byte[] sha256() {
    if (!cut) {
      throw new IllegalStateException("the line is whole: hash its bytes");
    }
    return digest.digest();
  }
}
