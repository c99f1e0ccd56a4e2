package dev.vigil.core.sketch;

/**
 * Allocation-free 64-bit hashes of text features.
 *
 * <p>FNV-1a over UTF-16 code units followed by the MurmurHash3 64-bit finaliser (fmix64) so that
 * the low bits used by sketches are well mixed. Value 0 is reserved for "absent" and never
 * returned. Limit: the hash is not keyed, so an attacker who controls a feature (e.g. the user
 * agent) could in principle search for a collision with an owner's value; 64 bits make accidental
 * collisions negligible (about n^2 / 2^65 for n distinct values).
 */
public final class Hashing {
  /** Hash of an absent feature. */
  public static final long ABSENT = 0L;

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private Hashing() {}

  /** Hash of the whole text, or {@link #ABSENT} for null. */
  public static long of(CharSequence s) {
    if (s == null) {
      return ABSENT;
    }
    return of(s, 0, s.length());
  }

  /** Hash of {@code s[from, to)}. */
  public static long of(CharSequence s, int from, int to) {
    long h = FNV_OFFSET;
    for (int i = from; i < to; i++) {
      h = (h ^ s.charAt(i)) * FNV_PRIME;
    }
    return nonZero(fmix(h));
  }

  /**
   * Hash of a number, e.g. an AS number, salted by {@code kind} so feature kinds do not collide.
   */
  public static long ofLong(long value, int kind) {
    return nonZero(fmix(value * 0x9E3779B97F4A7C15L + kind));
  }

  /** Combines two hashes into one, order-sensitive (used for endpoint transitions). */
  public static long combine(long a, long b) {
    return nonZero(fmix(a * 31 + fmix(b)));
  }

  /** Salts a hash with a feature kind so that one sketch can hold several kinds. */
  public static long salt(long h, int kind) {
    return nonZero(fmix(h + 0x632BE59BD9B4E019L * (kind + 1)));
  }

  /**
   * Hash of the network prefix of a canonical IP text: the /24 of an IPv4 dotted quad, the /48
   * (first three hextets) of an RFC 5952 IPv6 text. For IPv6 with "::" among the first three
   * hextets the text up to and including "::" is used, which identifies the same /48 because
   * canonical form compresses the longest zero run.
   */
  public static long ipPrefix(CharSequence ip) {
    if (ip == null || ip.length() == 0) {
      return ABSENT;
    }
    int len = ip.length();
    boolean v6 = false;
    for (int i = 0; i < len; i++) {
      if (ip.charAt(i) == ':') {
        v6 = true;
        break;
      }
    }
    if (!v6) {
      int lastDot = -1;
      for (int i = len - 1; i >= 0; i--) {
        if (ip.charAt(i) == '.') {
          lastDot = i;
          break;
        }
      }
      return of(ip, 0, lastDot < 0 ? len : lastDot);
    }
    int colons = 0;
    for (int i = 0; i < len; i++) {
      if (ip.charAt(i) == ':') {
        if (i + 1 < len && ip.charAt(i + 1) == ':') {
          return of(ip, 0, i + 2);
        }
        if (++colons == 3) {
          return of(ip, 0, i);
        }
      }
    }
    return of(ip, 0, len);
  }

  /**
   * Hash of a user agent's family: letters and separators only, so version upgrades of the same
   * client ("Chrome/120.0" to "Chrome/121.0") keep the same family.
   */
  public static long userAgentFamily(CharSequence ua) {
    if (ua == null) {
      return ABSENT;
    }
    long h = FNV_OFFSET;
    for (int i = 0, n = ua.length(); i < n; i++) {
      char c = ua.charAt(i);
      if ((c >= '0' && c <= '9') || c == '.') {
        continue;
      }
      h = (h ^ c) * FNV_PRIME;
    }
    return nonZero(fmix(h));
  }

  /**
   * Both user-agent hashes in one pass over the text: {@code out[0] = userAgentFamily(ua)} (digits
   * and dots dropped) and {@code out[1] = of(ua)} (the exact text, which tells builds apart).
   */
  public static void userAgent(CharSequence ua, long[] out) {
    if (ua == null) {
      out[0] = ABSENT;
      out[1] = ABSENT;
      return;
    }
    long family = FNV_OFFSET;
    long full = FNV_OFFSET;
    for (int i = 0, n = ua.length(); i < n; i++) {
      char c = ua.charAt(i);
      full = (full ^ c) * FNV_PRIME;
      if ((c >= '0' && c <= '9') || c == '.') {
        continue;
      }
      family = (family ^ c) * FNV_PRIME;
    }
    out[0] = nonZero(fmix(family));
    out[1] = nonZero(fmix(full));
  }

  /**
   * Hash of an endpoint: method plus path with every run of digits replaced by one placeholder, so
   * that {@code /orders/123} and {@code /orders/456} are the same endpoint and the endpoint space
   * stays bounded.
   */
  public static long endpoint(CharSequence method, CharSequence path) {
    long h = FNV_OFFSET;
    if (method != null) {
      for (int i = 0, n = method.length(); i < n; i++) {
        h = (h ^ method.charAt(i)) * FNV_PRIME;
      }
    }
    h = (h ^ ' ') * FNV_PRIME;
    if (path != null) {
      boolean inDigits = false;
      for (int i = 0, n = path.length(); i < n; i++) {
        char c = path.charAt(i);
        if (c >= '0' && c <= '9') {
          if (!inDigits) {
            h = (h ^ '#') * FNV_PRIME;
            inDigits = true;
          }
          continue;
        }
        inDigits = false;
        h = (h ^ c) * FNV_PRIME;
      }
    }
    return nonZero(fmix(h));
  }

  /** MurmurHash3 fmix64 finaliser. */
  public static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  private static long nonZero(long h) {
    return h == ABSENT ? 1L : h;
  }
}
