package dev.vigil.audit;

import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms for the personal data in audit records: each direct identifier of the event (the
 * account id, the session id, the source IP address and its network prefix, the user-agent string,
 * the API key id and the withdrawal address) is replaced wherever it occurs in the record (the id
 * fields, evidence and policy-note texts and values, event, decision and command ids) by {@code
 * "p:"} and the first 96 bits of HMAC-SHA256(key, value) in hex (HMAC: RFC 2104; keyed hashing as
 * pseudonymisation: ENISA, "Pseudonymisation techniques and best practices", 2019, on message
 * authentication codes).
 *
 * <p>The same value gives the same pseudonym under the same key, in every field and every record,
 * so analysts can still group and join records; without the key a pseudonym cannot be reversed nor
 * recomputed from a guessed value (an unkeyed hash of an IPv4 address can, by trying all 2^32). 96
 * bits make a collision among 10^9 distinct values unlikely (about 10^18 / 2^97, below 10^-11). AS
 * numbers, countries, shares, distances and client builds stay: they describe networks and
 * software, not a person, and the analyst needs them.
 *
 * <p>Limits: a value is replaced in free text only where it stands as a whole token (not inside a
 * longer run of letters and digits), and identifiers shorter than {@value #MIN_TEXT_LENGTH}
 * characters only where they fill a whole field or value, so that an account id "42" does not eat
 * "42 requests". Evidence values whose name says they identify (see {@link #IDENTIFYING_VALUES})
 * are pseudonymised whole, whatever the event holds. Not thread-safe (one {@link Mac}).
 *
 * <p>Cost per record: one HMAC-SHA256 per distinct identifier of the event (at most seven, about a
 * microsecond each on short values) and one scan of each id, text and value per identifier; it
 * allocates the record's new strings and reasons. Only audit records pay it, not every event.
 */
public final class Pseudonymiser {
  /** What every pseudonym starts with. */
  public static final String PREFIX = "p:";

  /** Shortest key accepted: 256 bits, the output size of SHA-256 (RFC 2104 section 3). */
  public static final int MIN_KEY_BYTES = 32;

  static final int MIN_TEXT_LENGTH = 4;
  private static final int BYTES = 12;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Names of evidence values that identify a person or device; none is emitted today. */
  public static final Set<String> IDENTIFYING_VALUES =
      Set.of(
          "ip",
          "source_ip",
          "prefix",
          "network_prefix",
          "user_agent",
          "api_key",
          "api_key_id",
          "address",
          "withdrawal_address",
          "account",
          "account_id",
          "session",
          "session_id");

  private final Mac mac;

  /**
   * @param key at least {@link #MIN_KEY_BYTES} random bytes
   */
  public Pseudonymiser(byte[] key) {
    if (key == null || key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "the audit pseudonym key must be at least " + MIN_KEY_BYTES + " bytes");
    }
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  /**
   * From the text of a key file or variable: base64 of at least 32 bytes (e.g. {@code openssl rand
   * -base64 32}). The message never quotes the text.
   */
  public static Pseudonymiser fromBase64(String text) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the audit pseudonym key is not base64");
    }
    return new Pseudonymiser(key);
  }

  /** The pseudonym of {@code value}; null and empty values are returned as they are. */
  public String pseudonym(String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    byte[] h = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    char[] out = new char[PREFIX.length() + 2 * BYTES];
    PREFIX.getChars(0, PREFIX.length(), out, 0);
    for (int i = 0; i < BYTES; i++) {
      out[PREFIX.length() + 2 * i] = HEX[(h[i] >> 4) & 0xF];
      out[PREFIX.length() + 2 * i + 1] = HEX[h[i] & 0xF];
    }
    return new String(out);
  }

  /**
   * Replaces the identifiers of {@code event} in {@code d}, in place, before the record is chained
   * (so the chain covers what is written); returns {@code d}.
   */
  public RiskDecision apply(RiskDecision d, AccessEvent event) {
    return apply(d, identifiers(event));
  }

  /**
   * The same for a record of a gateway's outcome, whose direct identifiers are the account and
   * session ids.
   */
  public RiskDecision apply(RiskDecision d, String accountId, String sessionId) {
    return apply(d, pairs(java.util.Arrays.asList(accountId, sessionId)));
  }

  private RiskDecision apply(RiskDecision d, List<String[]> ids) {
    d.setSessionId(replace(d.getSessionId(), ids));
    d.setAccountId(replace(d.getAccountId(), ids));
    d.setEventId(replace(d.getEventId(), ids));
    d.setDecisionId(replace(d.getDecisionId(), ids));
    List<String> commandIds = new ArrayList<>(d.getCommandIds().size());
    for (String c : d.getCommandIds()) {
      commandIds.add(replace(c, ids));
    }
    d.setCommandIds(commandIds);
    d.setEvidence(reasons(d.getEvidence(), ids));
    d.setPolicyNotes(reasons(d.getPolicyNotes(), ids));
    return d;
  }

  private List<Reason> reasons(List<Reason> in, List<String[]> ids) {
    List<Reason> out = new ArrayList<>(in.size());
    for (Reason r : in) {
      Map<String, String> values = new LinkedHashMap<>();
      for (Map.Entry<String, String> v : r.getValues().entrySet()) {
        String name = v.getKey();
        values.put(
            name,
            IDENTIFYING_VALUES.contains(name)
                ? pseudonym(v.getValue())
                : replace(v.getValue(), ids));
      }
      out.add(Reason.newBuilder(r).setText(replace(r.getText(), ids)).setValues(values).build());
    }
    return out;
  }

  /** Pairs of (raw, pseudonym), longest raw first so an address goes before its prefix. */
  private List<String[]> identifiers(AccessEvent e) {
    List<String> raw = new ArrayList<>(8);
    raw.add(e.getAccountId());
    raw.add(e.getSessionId());
    raw.add(e.getSourceIp());
    raw.add(prefixText(e.getSourceIp()));
    raw.add(e.getUserAgent());
    raw.add(e.getApiKeyId());
    raw.add(e.getWithdrawalAddress());
    return pairs(raw);
  }

  private List<String[]> pairs(List<String> raw) {
    List<String[]> ids = new ArrayList<>(raw.size());
    for (String r : raw) {
      if (r != null && !r.isEmpty() && ids.stream().noneMatch(p -> p[0].equals(r))) {
        ids.add(new String[] {r, pseudonym(r)});
      }
    }
    ids.sort(Comparator.comparingInt((String[] p) -> p[0].length()).reversed());
    return ids;
  }

  /**
   * The network prefix as text, as {@code Hashing.ipPrefix} cuts it: an IPv4 address without its
   * last octet, an IPv6 address up to its third colon or its "::".
   */
  static String prefixText(String ip) {
    if (ip == null || ip.isEmpty()) {
      return null;
    }
    if (ip.indexOf(':') < 0) {
      int dot = ip.lastIndexOf('.');
      return dot < 0 ? null : ip.substring(0, dot);
    }
    int colons = 0;
    for (int i = 0; i < ip.length(); i++) {
      if (ip.charAt(i) == ':') {
        if (i + 1 < ip.length() && ip.charAt(i + 1) == ':') {
          return ip.substring(0, i + 2);
        }
        if (++colons == 3) {
          return ip.substring(0, i);
        }
      }
    }
    return null;
  }

  private static String replace(String s, List<String[]> ids) {
    if (s == null || s.isEmpty()) {
      return s;
    }
    for (String[] id : ids) {
      if (s.equals(id[0])) {
        return id[1];
      }
    }
    String out = s;
    for (String[] id : ids) {
      if (id[0].length() >= MIN_TEXT_LENGTH) {
        out = replaceTokens(out, id[0], id[1]);
      }
    }
    return out;
  }

  /** Every occurrence of {@code raw} in {@code s} not inside a longer run of letters or digits. */
  static String replaceTokens(String s, String raw, String with) {
    int at = s.indexOf(raw);
    if (at < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    int from = 0;
    while (at >= 0) {
      int end = at + raw.length();
      boolean whole =
          (at == 0 || !Character.isLetterOrDigit(s.charAt(at - 1)))
              && (end == s.length() || !Character.isLetterOrDigit(s.charAt(end)));
      if (whole) {
        b.append(s, from, at).append(with);
        from = end;
      }
      at = s.indexOf(raw, whole ? end : at + 1);
    }
    return b.append(s, from, s.length()).toString();
  }
}
