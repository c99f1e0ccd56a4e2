package dev.vigil.core.evidence;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.sketch.Hashing;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import dev.vigil.schema.NetworkType;
import dev.vigil.schema.Outcome;

/**
 * The features of one access event, hashed once and held in a reusable object so that the rest of
 * the per-event path reads primitives only. {@link Hashing#ABSENT} marks a missing feature.
 */
public final class EventFeatures {
  /** Pseudo-endpoint that starts every session, so "straight to withdrawal" is a transition too. */
  public static final long SESSION_START = Hashing.of("<session-start>");

  public long timeMillis;
  public long prefix;
  public long asn;
  public long country;
  public long client;
  public long apiKey;
  public long endpoint;
  public long instrument;
  public long withdrawalAddress;
  public long nonce;
  public boolean nonceDecimal;
  public long nonceValue;
  public double asNumber;

  /** ISO country code packed as {@code c0 * 256 + c1} so a reason can name it; NaN if absent. */
  public double countryPacked;

  public double latitude;
  public double longitude;
  public boolean hasClientTimestamp;
  public long clientTimestampMillis;
  public double notionalUsd;
  public boolean sensitive;

  /** Ordinal of the request's {@code EndpointRole}, from the model file's endpoint roles. */
  public byte role;

  /** The method changes state (anything but GET, HEAD, OPTIONS): a write, not a read. */
  public boolean mutating;

  /** The request adds its withdrawal address to the account's whitelist. */
  public boolean whitelistAdd;

  /** Hash of the exact user agent (builds differ); {@link #client} ignores digits. */
  public long userAgent;

  /** Parsed client lineage (see {@link ClientLineageParser}): family and platform hashes. */
  public long clientFamily;

  public long clientPlatform;

  /** Packed build, {@link ClientLineageParser#VERSION_UNKNOWN} if unknown. */
  public long clientVersion;

  /** Hash of the device (model or class) the user agent names, {@link Hashing#ABSENT} if none. */
  public long clientDevice;

  /** Whether {@link #clientDevice} is a model rather than a class. */
  public boolean clientDeviceIsModel;

  /** Packed operating-system version, {@link ClientLineageParser#VERSION_UNKNOWN} if unknown. */
  public long clientOsVersion;

  /** GeoIP accuracy radius in km, NaN if the event has none. */
  public double geoAccuracyKm;

  /** The source network's kind, null if the event does not say. */
  public NetworkType networkType;

  /** Whether the source address is IPv6 (its text has a colon). */
  public boolean ipv6;

  public boolean authFailure;

  /** The request failed (outcome FAILURE or status 400 and above). */
  public boolean failed;

  public boolean mfaPassed;
  public boolean signedByKey;

  private final long[] uaHashes = new long[2];

  public void extract(AccessEvent e, RiskModel m) {
    timeMillis = e.getTimestamp();
    prefix = Hashing.ipPrefix(e.getSourceIp());
    Long as = e.getAsNumber();
    asn = as == null ? Hashing.ABSENT : Hashing.ofLong(as, 1);
    asNumber = as == null ? Double.NaN : as;
    String cc = e.getCountry();
    country = Hashing.of(cc);
    countryPacked = cc != null && cc.length() == 2 ? cc.charAt(0) * 256 + cc.charAt(1) : Double.NaN;
    String ua = e.getUserAgent();
    Hashing.userAgent(ua, uaHashes);
    client = uaHashes[0];
    userAgent = uaHashes[1];
    ClientLineageParser.Lineage lineage = ClientLineageParser.lineage(ua, userAgent);
    clientFamily = lineage == null ? Hashing.ABSENT : lineage.family;
    clientPlatform = lineage == null ? Hashing.ABSENT : lineage.platform;
    clientVersion = lineage == null ? ClientLineageParser.VERSION_UNKNOWN : lineage.version;
    clientDevice = lineage == null ? Hashing.ABSENT : lineage.device;
    clientDeviceIsModel = lineage != null && lineage.deviceIsModel;
    clientOsVersion = lineage == null ? ClientLineageParser.VERSION_UNKNOWN : lineage.osVersion;
    apiKey = Hashing.of(e.getApiKeyId());
    endpoint = Hashing.endpoint(e.getMethod(), e.getPath());
    instrument = Hashing.of(e.getInstrument());
    withdrawalAddress = Hashing.of(e.getWithdrawalAddress());
    String n = e.getNonce();
    nonce = Hashing.of(n);
    parseNonce(n);
    Double lat = e.getLatitude();
    Double lon = e.getLongitude();
    latitude = lat == null || lon == null ? Double.NaN : lat;
    longitude = lat == null || lon == null ? Double.NaN : lon;
    Double radius = e.getGeoAccuracyKm();
    geoAccuracyKm = radius == null ? Double.NaN : radius;
    networkType = e.getNetworkType();
    String ip = e.getSourceIp();
    ipv6 = ip != null && ip.indexOf(':') >= 0;
    Long ct = e.getClientTimestamp();
    hasClientTimestamp = ct != null;
    clientTimestampMillis = ct == null ? 0L : ct;
    Double notional = e.getNotionalUsd();
    notionalUsd = notional == null ? 0.0 : notional;
    sensitive = m.evidence.sensitive.matches(e.getMethod(), e.getPath());
    role = (byte) m.evidence.roles.roleOf(e.getMethod(), e.getPath()).ordinal();
    mutating = isMutating(e.getMethod());
    whitelistAdd =
        withdrawalAddress != Hashing.ABSENT
            && m.evidence.whitelist.matches(e.getMethod(), e.getPath());
    int status = e.getStatus();
    AuthMethod auth = e.getAuthMethod();
    failed = e.getOutcome() == Outcome.FAILURE || status >= 400;
    authFailure = status == 401 || status == 403 || (auth == AuthMethod.MFA && failed);
    mfaPassed = auth == AuthMethod.MFA && !failed;
    signedByKey = auth == AuthMethod.HMAC;
  }

  /** HTTP semantics (RFC 9110 section 9.2.1): GET, HEAD and OPTIONS are safe, the rest write. */
  static boolean isMutating(String method) {
    return method != null
        && !method.equals("GET")
        && !method.equals("HEAD")
        && !method.equals("OPTIONS");
  }

  private void parseNonce(String n) {
    nonceDecimal = false;
    nonceValue = 0;
    if (n == null || n.isEmpty() || n.length() > 18) {
      return;
    }
    long v = 0;
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (c < '0' || c > '9') {
        return;
      }
      v = v * 10 + (c - '0');
    }
    nonceDecimal = true;
    nonceValue = v;
  }

  /** Decodes {@link #countryPacked} back to its two letters, or "unknown". */
  public static String countryText(double packed) {
    if (Double.isNaN(packed)) {
      return "unknown";
    }
    int p = (int) packed;
    return new String(new char[] {(char) (p >> 8), (char) (p & 0xff)});
  }
}
