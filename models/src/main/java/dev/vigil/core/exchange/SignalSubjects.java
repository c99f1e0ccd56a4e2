package dev.vigil.core.exchange;

import dev.vigil.core.sketch.Hashing;
import dev.vigil.schema.SignalSubject;

/**
 * The keys of {@link LiveSignals}: a subject's canonical text ({@code ExchangeSignal.subject}) and
 * an access event's feature hash give the same 64-bit key, so the per-event lookup hashes nothing
 * new. The forms each subject type is read in, and the event feature it meets:
 *
 * <ul>
 *   <li>{@code NETWORK}: {@code 203.0.113.0/24} (an IPv4 /24) or {@code 2001:db8:1::/48} (an IPv6
 *       /48), the prefix of {@link Hashing#ipPrefix} of the event's source address. That hash names
 *       a /48 by the text of its first three hextets, or by the text up to a {@code ::} among them,
 *       so an IPv6 subject gets both spellings: {@code 2001:db8:1::/48} is held under {@code
 *       2001:db8:1} (an event from {@code 2001:db8:1:5::1}) and {@code 2001:db8:1::} (from {@code
 *       2001:db8:1::5}); {@code 2001:db8::/48} also under {@code 2001:db8:0}.
 *   <li>{@code AUTONOMOUS_SYSTEM}: {@code AS64500} (or the bare number), the event's {@code
 *       asNumber}.
 *   <li>{@code CLIENT}: the client fingerprint the exchange job's detectors name ({@code
 *       Subjects.client}: the user agent without digits and dots, so builds of one client are one
 *       fingerprint), met by the event's client family hash ({@link Hashing#userAgentFamily}).
 *       Before, the event's exact user agent was looked up, which met a wave's fingerprint only for
 *       a user agent without digits or dots.
 *   <li>{@code WITHDRAWAL_ADDRESS}, {@code API_KEY}, {@code SESSION}: the text as the event carries
 *       it ({@code withdrawalAddress}, {@code apiKeyId}, {@code sessionId}).
 * </ul>
 *
 * {@code ENDPOINT}, {@code ACCOUNT} and {@code OTHER} give no key: an endpoint's volume is not
 * evidence that one session is compromised (the rate limits answer it), and {@code OTHER} is a type
 * added later.
 *
 * <p><b>Flood sources.</b> A {@code FLOOD_SOURCE} signal is no evidence but a throttle, and is held
 * under keys of its own ({@link #floodKeys}, {@link #floodKey}): the evidence key salted once more,
 * so a network both in a stuffing wave and driving a flood keeps both signals (one per key). Its
 * subjects: {@code NETWORK} as above; {@code CLIENT} the client fingerprint ({@code
 * Subjects.client}: the user agent without digits and dots), met by the event's client family hash
 * ({@link Hashing#userAgentFamily}, equal for user agents up to 256 characters); {@code ACCOUNT}
 * the account id as the event carries it.
 */
public final class SignalSubjects {
  /** Number of {@link SignalSubject} types this code knows. */
  public static final int SUBJECT_TYPES = SignalSubject.values().length;

  /** At most this many keys per subject ({@link #keys}). */
  public static final int MAX_KEYS = 2;

  /** The salt of the flood-source key space, apart from every subject type's. */
  private static final int FLOOD_SALT = 1_000;

  private SignalSubjects() {}

  /** The table key of an event feature's hash under a subject type; ABSENT stays ABSENT. */
  public static long key(SignalSubject type, long featureHash) {
    return featureHash == Hashing.ABSENT
        ? Hashing.ABSENT
        : Hashing.salt(featureHash, type.ordinal());
  }

  /** The table key of an event feature's hash as a flood source; ABSENT stays ABSENT. */
  public static long floodKey(SignalSubject type, long featureHash) {
    return featureHash == Hashing.ABSENT
        ? Hashing.ABSENT
        : Hashing.salt(key(type, featureHash), FLOOD_SALT);
  }

  /**
   * Writes the table keys of a {@code FLOOD_SOURCE} subject into {@code out} (length at least
   * {@link #MAX_KEYS}).
   *
   * @return how many (0 when the subject type cannot be a flood source or the text is empty)
   */
  public static int floodKeys(SignalSubject type, CharSequence subject, long[] out) {
    if (type == null || subject == null || subject.toString().isBlank()) {
      return 0;
    }
    int n;
    switch (type) {
      case NETWORK:
        n = network(subject.toString().trim(), out);
        break;
      case CLIENT:
      case ACCOUNT:
        out[0] = key(type, Hashing.of(subject));
        n = 1;
        break;
      default:
        return 0;
    }
    for (int i = 0; i < n; i++) {
      out[i] = Hashing.salt(out[i], FLOOD_SALT);
    }
    return n;
  }

  /**
   * Writes the table keys of a subject into {@code out} (length at least {@link #MAX_KEYS}).
   *
   * @return how many (0 when the subject type is not evidence or the text is not in its form)
   */
  public static int keys(SignalSubject type, CharSequence subject, long[] out) {
    if (type == null || subject == null || subject.length() == 0) {
      return 0;
    }
    String s = subject.toString().trim();
    switch (type) {
      case NETWORK:
        return network(s, out);
      case AUTONOMOUS_SYSTEM:
        {
          String digits = s.regionMatches(true, 0, "AS", 0, 2) ? s.substring(2) : s;
          try {
            long as = Long.parseLong(digits);
            out[0] = key(type, Hashing.ofLong(as, 1));
            return as < 0 ? 0 : 1;
          } catch (NumberFormatException e) {
            return 0;
          }
        }
      case CLIENT:
      case WITHDRAWAL_ADDRESS:
      case API_KEY:
      case SESSION:
        out[0] = key(type, Hashing.of(subject));
        return 1;
      default:
        return 0;
    }
  }

  private static int network(String s, long[] out) {
    int slash = s.indexOf('/');
    String address = slash < 0 ? s : s.substring(0, slash);
    if (address.isEmpty()) {
      return 0;
    }
    if (address.indexOf(':') < 0) {
      // Hashing.ipPrefix cuts at the last dot: 203.0.113.0 and 203.0.113.7 are both 203.0.113.
      out[0] = key(SignalSubject.NETWORK, Hashing.ipPrefix(address));
      return 1;
    }
    // What an event from an address that compresses among its first three hextets hashes to
    // (2001:db8:1::5 gives 2001:db8:1::), then the three hextets written out (2001:db8:1:5::1 gives
    // 2001:db8:1), zeros filled in where the subject compresses them.
    out[0] = key(SignalSubject.NETWORK, Hashing.ipPrefix(address));
    StringBuilder three = new StringBuilder();
    int from = 0;
    for (int i = 0; i < 3; i++) {
      int colon = address.indexOf(':', from);
      String hextet;
      if (from < 0 || from >= address.length() || colon == from) {
        hextet = "0"; // within or after "::"
        from = -1;
      } else {
        hextet = colon < 0 ? address.substring(from) : address.substring(from, colon);
        from = colon < 0 ? -1 : colon + 1;
      }
      three.append(i > 0 ? ":" : "").append(hextet);
    }
    out[1] = key(SignalSubject.NETWORK, Hashing.of(three));
    return out[1] == out[0] ? 1 : 2;
  }
}
