package dev.vigil.ingest;

/**
 * Strict UTF-8 validation, as specified by the Unicode Standard, chapter 3, table 3-7 ("Well-Formed
 * UTF-8 Byte Sequences"), which is the same set RFC 3629 allows. Rejects overlong forms (C0, C1, E0
 * 80..9F, F0 80..8F), UTF-16 surrogates (ED A0..BF), code points above U+10FFFF (F4 90.., F5..FF)
 * and truncated sequences. No allocation; ASCII runs take a fast path.
 */
public final class Utf8 {

  private Utf8() {}

  /** True when {@code b[off..off+len)} is well-formed UTF-8. */
  public static boolean isValid(byte[] b, int off, int len) {
    if (b == null || off < 0 || len < 0 || off > b.length - len) {
      return false;
    }
    int i = off;
    int end = off + len;
    while (i < end) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xFF;
      if (c < 0xC2) {
        return false; // continuation byte where a lead byte belongs, or overlong C0/C1
      }
      if (c < 0xE0) {
        if (i + 1 >= end || !isContinuation(b[i + 1])) {
          return false;
        }
        i += 2;
      } else if (c < 0xF0) {
        if (i + 2 >= end) {
          return false;
        }
        int c1 = b[i + 1] & 0xFF;
        int lo = c == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
        int hi = c == 0xED ? 0x9F : 0xBF; // ED A0..BF would encode a surrogate
        if (c1 < lo || c1 > hi || !isContinuation(b[i + 2])) {
          return false;
        }
        i += 3;
      } else if (c < 0xF5) {
        if (i + 3 >= end) {
          return false;
        }
        int c1 = b[i + 1] & 0xFF;
        int lo = c == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
        int hi = c == 0xF4 ? 0x8F : 0xBF; // F4 90.. would exceed U+10FFFF
        if (c1 < lo || c1 > hi || !isContinuation(b[i + 2]) || !isContinuation(b[i + 3])) {
          return false;
        }
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
