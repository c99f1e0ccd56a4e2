package dev.vigil.core.evidence;

import dev.vigil.core.sketch.Hashing;
import java.util.Locale;
import ua_parser.Device;
import ua_parser.OS;
import ua_parser.Parser;
import ua_parser.UserAgent;

/**
 * A user agent's lineage: its client family, platform and build, for telling an ordinary update
 * (same family and platform, newer build) from a downgrade or a new platform.
 *
 * <p>Parser: uap-java 1.6.1 (the regexes of the ua-parser project, uap-core). Measured on this
 * project's machine (2 shared cores, JDK 17) against yauaa 7.31.0: uap-java loads in 1.5-4.5 s and
 * retains about 2 MB of heap; yauaa took 50 s and retained 135 MB with the five fields asked for.
 * Both parse a user agent in milliseconds (uap tries its regexes in turn), far too slow for each
 * event, which is why results are cached here (below). yauaa reads custom app strings better, but
 * its heap alone is a tenth of a task manager's budget per JVM; uap with the product-token rule
 * below gives the same family and build for every user agent the simulator writes.
 *
 * <p>Family and build: for a browser (a {@code Mozilla/} string uap recognises) uap's family and
 * version. Otherwise the product tokens of RFC 9110 section 10.1.5 ({@code name/version}, outside
 * comments), in order of significance, skipping a transport library ({@link #TRANSPORTS}) that an
 * app names before itself ({@code okhttp/4.12.0 DerivXApp/5.12.3 (Android 14)} is DerivXApp 5.12.3;
 * {@code ccxt/4.4.12 python-requests/2.32.3} is ccxt 4.4.12; {@code python-requests/2.31.0} alone
 * is python-requests). uap misreads these (WKWebView without a version for the iOS app, okhttp for
 * the Android app, Python Requests for ccxt). Platform: uap's operating-system family ({@code iOS},
 * {@code Android}, {@code Windows}, {@code Mac OS X}), absent when uap does not know it (libraries
 * and bots). Device: uap's device family, a model or a class (see {@link #device}), and uap's
 * operating-system version.
 *
 * <p>Cache: set-associative, {@value #CACHE_SLOTS} slots in sets of {@value #CACHE_WAYS} keyed by
 * the 64-bit hash of the exact user agent, shared by every engine of the JVM; a user agent new to a
 * full set replaces the set's oldest entry. Each slot holds one immutable {@link Lineage} (six
 * longs and a flag, about 64 bytes), so the cache is at most about 300 KB. A hit reads at most
 * {@value #CACHE_WAYS} array elements and allocates nothing; a miss parses (allocates) and
 * publishes the result. Entries are immutable with final fields and a hit is checked against the
 * entry's own key, so racing threads see either a whole entry or none, and parse the same text to
 * the same result at worst twice. Parsing is therefore off the per-event path except the first time
 * a user agent is seen (and after an eviction, which needs more than {@value #CACHE_WAYS} user
 * agents in one set). The cache was direct-mapped until issue 13 found two of the simulator's 180
 * user agents ({@code axios/1.6.4} and {@code axios/1.6.8}) in one slot: they evicted each other on
 * every alternation, and uap's parsing took 12% of the session risk operator's thread in {@code
 * vigil bench}.
 */
public final class ClientLineageParser {
  /** Slots of the shared cache (a power of two). */
  public static final int CACHE_SLOTS = 4096;

  /** Slots per set of the cache (a power of two): so many user agents may share a set. */
  public static final int CACHE_WAYS = 4;

  private static final int SET_MASK = CACHE_SLOTS / CACHE_WAYS - 1;

  /** Version of a user agent whose build is not known. */
  public static final long VERSION_UNKNOWN = -1L;

  /**
   * HTTP libraries that apps embed and that may name themselves before the app: skipped when a
   * later product token names the app.
   */
  static final String[] TRANSPORTS = {
    "okhttp",
    "python-requests",
    "python-urllib3",
    "urllib3",
    "cfnetwork",
    "darwin",
    "dalvik",
    "go-http-client",
    "axios",
    "node-fetch",
    "undici",
    "aiohttp",
    "apache-httpclient",
    "java",
    "curl",
    "libcurl",
    "mozilla"
  };

  /** uap device families that name a class of device, not a model. */
  private static final String[] DEVICE_CLASSES = {"iPhone", "iPad", "iPod", "Mac", "Apple"};

  private static final Lineage[] CACHE = new Lineage[CACHE_SLOTS];

  private ClientLineageParser() {}

  /** A parsed user agent: hashes of family and platform, and the packed build. */
  public static final class Lineage {
    final long key;
    public final long family;
    public final long platform;
    public final long version;

    /**
     * Hash of the device the user agent names: a model ({@code Samsung SM-S912B}) or a class
     * ({@code iPhone}, {@code iPad}, {@code Mac}); {@link Hashing#ABSENT} when it names neither.
     */
    public final long device;

    /** Whether {@link #device} is a model rather than a class. */
    public final boolean deviceIsModel;

    /** Packed operating-system version, {@link #VERSION_UNKNOWN} if the user agent gives none. */
    public final long osVersion;

    Lineage(long key, long family, long platform, long version, Device d, OS os) {
      this.key = key;
      this.family = family;
      this.platform = platform;
      this.version = version;
      this.device = device(d);
      this.deviceIsModel = device != Hashing.ABSENT && !isDeviceClass(d.family);
      this.osVersion =
          os == null || os.major == null
              ? VERSION_UNKNOWN
              : pack(number(os.major), number(os.minor), number(os.patch));
    }
  }

  /** The lineage of {@code ua}, whose exact-text hash is {@code uaHash}; null for no user agent. */
  public static Lineage lineage(String ua, long uaHash) {
    if (ua == null || uaHash == Hashing.ABSENT) {
      return null;
    }
    int set = (int) (uaHash & SET_MASK) * CACHE_WAYS;
    for (int way = 0; way < CACHE_WAYS; way++) {
      Lineage hit = CACHE[set + way];
      if (hit == null) {
        break; // ways fill from the front: nothing further on
      }
      if (hit.key == uaHash) {
        return hit;
      }
    }
    Lineage parsed = parse(ua, uaHash);
    // The newest in front, the oldest out (a race may drop or repeat an entry: a later miss).
    System.arraycopy(CACHE, set, CACHE, set + 1, CACHE_WAYS - 1);
    CACHE[set] = parsed;
    return parsed;
  }

  /** Parses without the cache (tests and tools). */
  static Lineage parse(String ua, long uaHash) {
    Parser p = Holder.PARSER;
    Device device = p.parseDevice(ua);
    OS os = p.parseOS(ua);
    long platform =
        os == null || os.family == null || "Other".equals(os.family)
            ? Hashing.ABSENT
            : Hashing.of(os.family.toLowerCase(Locale.ROOT));
    if (ua.startsWith("Mozilla/")) {
      UserAgent agent = p.parseUserAgent(ua);
      if (agent != null && agent.family != null && !"Other".equals(agent.family)) {
        return new Lineage(
            uaHash,
            Hashing.of(agent.family.toLowerCase(Locale.ROOT)),
            platform,
            pack(number(agent.major), number(agent.minor), number(agent.patch)),
            device,
            os);
      }
    }
    int[] token = significantProduct(ua);
    if (token == null) {
      UserAgent agent = p.parseUserAgent(ua);
      String family = agent == null || agent.family == null ? "Other" : agent.family;
      long version =
          agent == null || agent.major == null
              ? VERSION_UNKNOWN
              : pack(number(agent.major), number(agent.minor), number(agent.patch));
      return new Lineage(
          uaHash, Hashing.of(family.toLowerCase(Locale.ROOT)), platform, version, device, os);
    }
    String name = ua.substring(token[0], token[1]).toLowerCase(Locale.ROOT);
    return new Lineage(
        uaHash, Hashing.of(name), platform, version(ua, token[1] + 1, token[2]), device, os);
  }

  /**
   * The hash of the device uap names: a model ({@code Samsung SM-S912B}, {@code Pixel 8 Pro}) or a
   * class ({@code iPhone}, {@code iPad}, {@code Mac}: Apple's user agents never name the model);
   * {@link Hashing#ABSENT} for {@code Other}, {@code K} (Chrome's reduced Android user agent, which
   * hides the model and freezes the OS version), {@code Spider} and uap's {@code Generic ...}
   * families, which say nothing about the device.
   */
  static long device(Device d) {
    String family = d == null ? null : d.family;
    if (family == null
        || family.isEmpty()
        || family.startsWith("Generic")
        || "Other".equals(family)
        || "K".equals(family)
        || "Spider".equals(family)) {
      return Hashing.ABSENT;
    }
    return Hashing.of(family.toLowerCase(Locale.ROOT));
  }

  private static boolean isDeviceClass(String family) {
    for (String c : DEVICE_CLASSES) {
      if (c.equals(family)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The most significant product token outside comments: {name start, name end, version end}, or
   * null if there is none with a version.
   */
  static int[] significantProduct(String ua) {
    int[] first = null;
    int depth = 0;
    int i = 0;
    int n = ua.length();
    while (i < n) {
      char c = ua.charAt(i);
      if (c == '(') {
        depth++;
        i++;
        continue;
      }
      if (c == ')') {
        depth = Math.max(0, depth - 1);
        i++;
        continue;
      }
      if (c == ' ' || depth > 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && ua.charAt(i) != ' ' && ua.charAt(i) != '/' && ua.charAt(i) != '(') {
        i++;
      }
      if (i == start) {
        i++; // a '/' with no name before it
        continue;
      }
      if (i >= n || ua.charAt(i) != '/') {
        continue;
      }
      int nameEnd = i++;
      while (i < n && ua.charAt(i) != ' ' && ua.charAt(i) != '(') {
        i++;
      }
      int[] token = {start, nameEnd, i};
      if (!isTransport(ua, start, nameEnd)) {
        return token;
      }
      if (first == null) {
        first = token;
      }
    }
    return first;
  }

  private static boolean isTransport(String ua, int from, int to) {
    for (String t : TRANSPORTS) {
      if (t.length() == to - from && ua.regionMatches(true, from, t, 0, t.length())) {
        return true;
      }
    }
    return false;
  }

  /** Packs the first three dotted numbers of {@code ua[from, to)}; unknown without a digit. */
  static long version(String ua, int from, int to) {
    int[] parts = new int[3];
    int part = 0;
    boolean any = false;
    for (int i = from; i < to && part < 3; i++) {
      char c = ua.charAt(i);
      if (c >= '0' && c <= '9') {
        any = true;
        parts[part] = (int) Math.min(0xFFFFF, parts[part] * 10L + (c - '0'));
      } else if (c == '.') {
        part++;
      } else {
        break;
      }
    }
    return any ? pack(parts[0], parts[1], parts[2]) : VERSION_UNKNOWN;
  }

  /** major, minor, patch in 20 bits each, so packed builds compare as numbers. */
  public static long pack(int major, int minor, int patch) {
    return ((long) Math.min(major, 0xFFFFF) << 40)
        | ((long) Math.min(minor, 0xFFFFF) << 20)
        | Math.min(patch, 0xFFFFF);
  }

  /** A packed build as major + minor / 1000 (for reason values), NaN if unknown. */
  public static double readable(long version) {
    if (version < 0) {
      return Double.NaN;
    }
    return (version >>> 40) + ((version >>> 20) & 0xFFFFF) / 1000.0;
  }

  private static int number(String s) {
    if (s == null) {
      return 0;
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      v = (int) Math.min(0xFFFFF, v * 10L + (c - '0'));
    }
    return v;
  }

  /** uap's parser, loaded on first use (it compiles a few hundred regexes). */
  private static final class Holder {
    static final Parser PARSER = new Parser();
  }
}
