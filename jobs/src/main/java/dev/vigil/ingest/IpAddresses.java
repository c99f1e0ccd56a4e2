package dev.vigil.ingest;

/**
 * Strict IP literal parsing and canonical text, with no name resolution of any kind.
 *
 * <p>IPv4: exactly four decimal parts 0-255, no leading zeros ({@code 01.2.3.4} is rejected, since
 * some stacks read it as octal). IPv6: RFC 4291 section 2.2 text forms, including {@code ::} and a
 * dotted IPv4 tail. Rejected: zone ids ({@code fe80::1%eth0}), brackets, ports, prefixes and
 * anything longer than 45 characters, the longest valid form.
 *
 * <p>Canonical output: dotted quad for IPv4; for IPv6 the RFC 5952 section 4 form (lower case, no
 * leading zeros, the longest run of two or more zero groups compressed, the first one on a tie),
 * with IPv4-mapped addresses as {@code ::ffff:a.b.c.d} (RFC 5952 section 5).
 */
public final class IpAddresses {

  private static final int MAX_V6_TEXT = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255".length();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private IpAddresses() {}

  /** The canonical text of an IP literal, or null if {@code text} is not a valid literal. */
  public static String canonical(CharSequence text) {
    if (text == null) {
      return null;
    }
    int n = text.length();
    if (n == 0 || n > MAX_V6_TEXT) {
      return null;
    }
    if (indexOf(text, ':') < 0) {
      // A valid IPv4 literal is already canonical: no leading zeros, no other spellings.
      return parseV4(text, 0, n, null, 0) ? text.toString() : null;
    }
    int[] groups = new int[8];
    return parseV6(text, groups) ? formatV6(groups) : null;
  }

  /**
   * Parses an IP literal into network-order bytes: returns 4 or 16 (the address length written to
   * {@code out}, which needs 16 bytes), or 0 when the text is not a valid literal.
   */
  static int parse(CharSequence text, byte[] out) {
    if (text == null || text.length() == 0 || text.length() > MAX_V6_TEXT) {
      return 0;
    }
    if (indexOf(text, ':') < 0) {
      return parseV4(text, 0, text.length(), out, 0) ? 4 : 0;
    }
    int[] groups = new int[8];
    if (!parseV6(text, groups)) {
      return 0;
    }
    for (int g = 0; g < 8; g++) {
      out[2 * g] = (byte) (groups[g] >>> 8);
      out[2 * g + 1] = (byte) groups[g];
    }
    return 16;
  }

  /**
   * Dotted quad in {@code s[from, to)}; writes the 4 bytes to {@code out[at..]} when out is set.
   */
  private static boolean parseV4(CharSequence s, int from, int to, byte[] out, int at) {
    int part = 0;
    int i = from;
    while (part < 4) {
      int start = i;
      int value = 0;
      while (i < to && i - start < 3) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        value = value * 10 + (c - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return false;
      }
      if (out != null) {
        out[at + part] = (byte) value;
      }
      part++;
      if (part < 4) {
        if (i >= to || s.charAt(i) != '.') {
          return false;
        }
        i++;
      }
    }
    return i == to;
  }

  private static boolean parseV6(CharSequence s, int[] groups) {
    int n = s.length();
    int i = 0;
    int g = 0;
    int gap = -1; // index of the group where "::" stands
    if (s.charAt(0) == ':') {
      if (n < 2 || s.charAt(1) != ':') {
        return false;
      }
      gap = 0;
      i = 2;
      if (i == n) {
        return true;
      }
    }
    byte[] v4 = null;
    while (true) {
      int start = i;
      int value = 0;
      while (i < n && i - start < 5) {
        int h = hexValue(s.charAt(i));
        if (h < 0) {
          break;
        }
        value = (value << 4) | h;
        i++;
      }
      if (i < n && s.charAt(i) == '.') {
        if (g > 6) {
          return false;
        }
        v4 = new byte[4];
        if (!parseV4(s, start, n, v4, 0)) {
          return false;
        }
        groups[g++] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
        groups[g++] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
        break;
      }
      int digits = i - start;
      if (digits == 0 || digits > 4 || g == 8) {
        return false;
      }
      groups[g++] = value;
      if (i == n) {
        break;
      }
      if (s.charAt(i) != ':') {
        return false;
      }
      i++;
      if (i < n && s.charAt(i) == ':') {
        if (gap >= 0) {
          return false;
        }
        gap = g;
        i++;
        if (i == n) {
          break;
        }
      } else if (i == n) {
        return false;
      }
    }
    if (gap < 0) {
      return g == 8;
    }
    if (g > 7) {
      return false; // "::" must stand for at least one zero group
    }
    int moved = g - gap;
    System.arraycopy(groups, gap, groups, 8 - moved, moved);
    for (int k = gap; k < 8 - moved; k++) {
      groups[k] = 0;
    }
    return true;
  }

  private static String formatV6(int[] groups) {
    StringBuilder out = new StringBuilder(MAX_V6_TEXT);
    if (groups[0] == 0
        && groups[1] == 0
        && groups[2] == 0
        && groups[3] == 0
        && groups[4] == 0
        && groups[5] == 0xFFFF) {
      out.append("::ffff:")
          .append(groups[6] >>> 8)
          .append('.')
          .append(groups[6] & 0xFF)
          .append('.')
          .append(groups[7] >>> 8)
          .append('.')
          .append(groups[7] & 0xFF);
      return out.toString();
    }
    int bestStart = -1;
    int bestLength = 1; // RFC 5952 4.2.2: a single zero group is never compressed
    for (int k = 0; k < 8; ) {
      if (groups[k] != 0) {
        k++;
        continue;
      }
      int start = k;
      while (k < 8 && groups[k] == 0) {
        k++;
      }
      if (k - start > bestLength) {
        bestStart = start;
        bestLength = k - start;
      }
    }
    for (int k = 0; k < 8; k++) {
      if (k == bestStart) {
        out.append("::");
        k += bestLength - 1;
        continue;
      }
      if (k > 0 && k != bestStart + bestLength) {
        out.append(':');
      }
      appendHex(out, groups[k]);
    }
    return out.toString();
  }

  private static void appendHex(StringBuilder out, int group) {
    boolean started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int nibble = (group >>> shift) & 0xF;
      if (nibble != 0 || started || shift == 0) {
        out.append(HEX[nibble]);
        started = true;
      }
    }
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static int indexOf(CharSequence s, char c) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }
}
