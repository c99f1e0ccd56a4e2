package dev.vigil.sim;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array for writing JSON by hand without per-event allocation. */
final class ByteBuf {
  private static final byte[] MIN_LONG =
      Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
  private byte[] buf;
  private int len;

  ByteBuf(int capacity) {
    buf = new byte[capacity];
  }

  byte[] array() {
    return buf;
  }

  int length() {
    return len;
  }

  void reset() {
    len = 0;
  }

  byte[] toArray() {
    return Arrays.copyOf(buf, len);
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  ByteBuf put(byte b) {
    ensure(1);
    buf[len++] = b;
    return this;
  }

  ByteBuf put(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  /** Appends {@code s} as ASCII; callers pass only constant ASCII text. */
  ByteBuf ascii(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      buf[len++] = (byte) s.charAt(i);
    }
    return this;
  }

  /** Appends a JSON string literal (quotes included), escaping as RFC 8259 requires. */
  ByteBuf string(String s) {
    put((byte) '"');
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    ensure(utf8.length * 6);
    for (byte b : utf8) {
      int c = b & 0xff;
      if (c == '"' || c == '\\') {
        buf[len++] = '\\';
        buf[len++] = b;
      } else if (c < 0x20) {
        String hex = String.format("\\u%04x", c);
        for (int i = 0; i < hex.length(); i++) {
          buf[len++] = (byte) hex.charAt(i);
        }
      } else {
        buf[len++] = b;
      }
    }
    return put((byte) '"');
  }

  ByteBuf number(long v) {
    if (v == Long.MIN_VALUE) {
      return put(MIN_LONG);
    }
    ensure(20);
    if (v < 0) {
      buf[len++] = '-';
      v = -v;
    }
    if (v == 0) {
      buf[len++] = '0';
      return this;
    }
    int start = len;
    while (v > 0) {
      buf[len++] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    for (int i = start, j = len - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
    return this;
  }

  /** Appends {@code hundredths / 100} with exactly two decimals (e.g. 1234.05). */
  ByteBuf fixed2(long hundredths) {
    if (hundredths < 0) {
      put((byte) '-');
      hundredths = -hundredths;
    }
    number(hundredths / 100);
    long frac = hundredths % 100;
    ensure(3);
    buf[len++] = '.';
    buf[len++] = (byte) ('0' + frac / 10);
    buf[len++] = (byte) ('0' + frac % 10);
    return this;
  }

  /** Appends {@code v} zero-padded to {@code digits} digits. */
  ByteBuf padded(int v, int digits) {
    ensure(digits);
    for (int i = digits - 1; i >= 0; i--) {
      buf[len + i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    len += digits;
    return this;
  }
}
