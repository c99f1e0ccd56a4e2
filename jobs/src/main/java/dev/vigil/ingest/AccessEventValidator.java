package dev.vigil.ingest;

import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetterReason;

/**
 * The one rule set every {@link AccessEvent} passes before Vigil accepts it, whether it arrived as
 * a JSON log line or as Avro. Checks fields in schema order and reports the first violation; on
 * success it normalises in place (canonical IP text, upper-case method and country) and returns the
 * accepted result. Stateless apart from its limits, so thread-safe.
 *
 * <p>String rules, applied to every string field: length cap in UTF-16 chars (see {@link
 * EcsField}), no control characters (U+0000..U+001F, U+007F..U+009F), no unpaired surrogates (they
 * cannot be written as UTF-8 and so would be mangled downstream).
 */
final class AccessEventValidator {

  private static final long MAX_AS_NUMBER = 0xFFFF_FFFFL;

  /**
   * Half the Earth's circumference: no radius can exceed it (MaxMind's largest is 1,000 km), so a
   * larger one is a unit or encoding error, not a vague location.
   */
  static final double MAX_ACCURACY_RADIUS_KM = 20_000;

  private final IngestLimits limits;

  AccessEventValidator(IngestLimits limits) {
    this.limits = limits;
  }

  /** Accepts {@code e} (normalised) or names the first rule it breaks. */
  IngestResult validate(AccessEvent e, long ingestedAtMillis) {
    IngestResult r;
    if ((r = requiredText(e.getEventId(), EcsField.EVENT_ID)) != null) {
      return r;
    }
    if ((r = limits.timeProblem(e.getTimestamp(), ingestedAtMillis)) != null) {
      return r;
    }
    if ((r = requiredText(e.getSessionId(), EcsField.SESSION_ID)) != null
        || (r = requiredText(e.getAccountId(), EcsField.USER_ID)) != null
        || (r = sourceIp(e)) != null
        || (r = method(e)) != null
        || (r = requiredText(e.getPath(), EcsField.PATH)) != null) {
      return r;
    }
    if (e.getStatus() < 100 || e.getStatus() > 599) {
      return IngestResult.rejected(
          DeadLetterReason.BAD_STATUS,
          EcsField.STATUS.ecsName,
          "HTTP status must be between 100 and 599");
    }
    Long duration = e.getDurationNanos();
    if (duration != null && duration < 0) {
      return badValue(EcsField.DURATION, "duration must not be negative");
    }
    if ((r = optionalText(e.getUserAgent(), EcsField.USER_AGENT)) != null) {
      return r;
    }
    Long asNumber = e.getAsNumber();
    if (asNumber != null && (asNumber < 0 || asNumber > MAX_AS_NUMBER)) {
      return badValue(EcsField.AS_NUMBER, "AS number must be between 0 and 4294967295");
    }
    if ((r = optionalText(e.getAsOrganization(), EcsField.AS_ORGANIZATION)) != null
        || (r = country(e)) != null) {
      return r;
    }
    if ((r = range(e.getLatitude(), 90, EcsField.LATITUDE)) != null
        || (r = range(e.getLongitude(), 180, EcsField.LONGITUDE)) != null
        || (r = optionalText(e.getApiKeyId(), EcsField.API_KEY_ID)) != null
        || (r = optionalText(e.getNonce(), EcsField.NONCE)) != null) {
      return r;
    }
    Long clientTime = e.getClientTimestamp();
    if (clientTime != null && clientTime < 0) {
      return badValue(EcsField.CLIENT_TIMESTAMP, "client timestamp must not be before 1970");
    }
    if ((r = optionalText(e.getInstrument(), EcsField.INSTRUMENT)) != null) {
      return r;
    }
    Double notional = e.getNotionalUsd();
    if (notional != null && !(notional >= 0 && notional <= Double.MAX_VALUE)) {
      return badValue(EcsField.NOTIONAL_USD, "notional must be a finite number >= 0");
    }
    if ((r = optionalText(e.getWithdrawalAddress(), EcsField.WITHDRAWAL_ADDRESS)) != null) {
      return r;
    }
    Double radius = e.getGeoAccuracyKm();
    if (radius != null && !(radius > 0 && radius <= MAX_ACCURACY_RADIUS_KM)) {
      return badValue(
          EcsField.GEO_ACCURACY_KM,
          "accuracy radius must be a number of km above 0 and at most "
              + (int) MAX_ACCURACY_RADIUS_KM);
    }
    return IngestResult.accepted(e);
  }

  private IngestResult sourceIp(AccessEvent e) {
    IngestResult r = requiredText(e.getSourceIp(), EcsField.SOURCE_IP);
    if (r != null) {
      return r;
    }
    String canonical = IpAddresses.canonical(e.getSourceIp());
    if (canonical == null) {
      return IngestResult.rejected(
          DeadLetterReason.BAD_IP,
          EcsField.SOURCE_IP.ecsName,
          "source IP is not an IPv4 or IPv6 address literal");
    }
    e.setSourceIp(canonical);
    return null;
  }

  private IngestResult method(AccessEvent e) {
    String method = e.getMethod();
    IngestResult r = requiredText(method, EcsField.METHOD);
    if (r != null) {
      return r;
    }
    boolean lower = false;
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (!isTokenChar(c)) {
        return badValue(EcsField.METHOD, "HTTP method must be an RFC 9110 token");
      }
      lower |= c >= 'a' && c <= 'z';
    }
    if (lower) {
      e.setMethod(upperAscii(method));
    }
    return null;
  }

  private IngestResult country(AccessEvent e) {
    String country = e.getCountry();
    if (country == null) {
      return null;
    }
    IngestResult r = optionalText(country, EcsField.COUNTRY);
    if (r != null) {
      return r;
    }
    if (country.length() != 2
        || !isAsciiLetter(country.charAt(0))
        || !isAsciiLetter(country.charAt(1))) {
      return badValue(EcsField.COUNTRY, "country must be two ASCII letters (ISO 3166-1 alpha-2)");
    }
    if (Character.isLowerCase(country.charAt(0)) || Character.isLowerCase(country.charAt(1))) {
      e.setCountry(upperAscii(country));
    }
    return null;
  }

  private static IngestResult range(Double value, double bound, EcsField field) {
    if (value != null && !(value >= -bound && value <= bound)) {
      return badValue(
          field, field.ecsName + " must be between -" + (int) bound + " and " + (int) bound);
    }
    return null;
  }

  private static IngestResult requiredText(String value, EcsField field) {
    if (value == null) {
      return missing(field);
    }
    if (value.isEmpty()) {
      return badValue(field, "required field is empty");
    }
    return optionalText(value, field);
  }

  /** Length cap, control characters and unpaired surrogates; null when the text passes. */
  static IngestResult optionalText(CharSequence value, EcsField field) {
    if (value == null) {
      return null;
    }
    int n = value.length();
    if (field.maxLength > 0 && n > field.maxLength) {
      return IngestResult.rejected(
          DeadLetterReason.FIELD_TOO_LONG,
          field.ecsName,
          "value has " + n + " characters, more than the " + field.maxLength + " allowed");
    }
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
        return IngestResult.rejected(
            DeadLetterReason.CONTROL_CHARACTER,
            field.ecsName,
            "value contains control character U+" + String.format("%04X", (int) c));
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else {
          return IngestResult.rejected(
              DeadLetterReason.INVALID_UTF8,
              field.ecsName,
              "value contains an unpaired UTF-16 surrogate, which has no UTF-8 form");
        }
      }
    }
    return null;
  }

  static IngestResult missing(EcsField field) {
    return IngestResult.rejected(
        DeadLetterReason.MISSING_FIELD, field.ecsName, "required field is missing");
  }

  static IngestResult badValue(EcsField field, String message) {
    return IngestResult.rejected(DeadLetterReason.BAD_VALUE, field.ecsName, message);
  }

  /** RFC 9110 section 5.6.2 {@code tchar}. */
  private static boolean isTokenChar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return true;
    }
    return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static String upperAscii(String s) {
    char[] out = new char[s.length()];
    for (int i = 0; i < out.length; i++) {
      char c = s.charAt(i);
      out[i] = c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
    }
    return new String(out);
  }
}
