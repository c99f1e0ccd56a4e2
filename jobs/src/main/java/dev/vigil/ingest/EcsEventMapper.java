package dev.vigil.ingest;

import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import dev.vigil.schema.DeadLetterReason;
import dev.vigil.schema.NetworkType;
import dev.vigil.schema.OrderSide;
import dev.vigil.schema.Outcome;

/**
 * The record {@link AccessLogParser} is building: maps each ECS field's already type-checked value
 * onto its {@link AccessEvent} setter, keeps the bit set of fields given a value, and keeps the
 * first field-level problem (later ones are dropped, so the verdict is the first problem in the
 * line). Enum texts match case-insensitively (ASCII only); an unknown {@code source.network.type}
 * becomes {@link NetworkType#OTHER}.
 *
 * <p>O(1) per field: the enum tables hold at most six constants. Not thread-safe; {@link #reset()}
 * before each record.
 */
final class EcsEventMapper {

  private static final Outcome[] OUTCOMES = Outcome.values();
  private static final AuthMethod[] AUTH_METHODS = {
    AuthMethod.HMAC,
    AuthMethod.JWT,
    AuthMethod.OAUTH2,
    AuthMethod.PASSWORD,
    AuthMethod.REFRESH,
    AuthMethod.MFA
  };
  private static final OrderSide[] SIDES = {OrderSide.BUY, OrderSide.SELL};
  private static final NetworkType[] NETWORK_TYPES = {
    NetworkType.RESIDENTIAL, NetworkType.MOBILE, NetworkType.HOSTING, NetworkType.VPN
  };

  AccessEvent event;
  long timestampMillis;

  /** Bits of the {@link EcsField}s given a (non-null, well-typed) value. */
  long present;

  DeadLetterReason firstReason;
  String firstField;
  String firstMessage;

  void reset() {
    event = new AccessEvent();
    timestampMillis = 0;
    present = 0;
    firstReason = null;
    firstField = null;
    firstMessage = null;
  }

  /** Keeps the first field-level problem; JSON syntax is still checked to the end. */
  void reject(DeadLetterReason reason, String field, String message) {
    if (firstReason == null) {
      firstReason = reason;
      firstField = field;
      firstMessage = message;
    }
  }

  void setTimestamp(EcsField f, long millis) {
    timestampMillis = millis;
    present |= f.bit;
  }

  void setMfa(EcsField f, boolean mfa) {
    event.setMfa(mfa);
    present |= f.bit;
  }

  void setText(EcsField f, String s) {
    present |= f.bit;
    switch (f) {
      case SESSION_ID:
        event.setSessionId(s);
        break;
      case USER_ID:
        event.setAccountId(s);
        break;
      case SOURCE_IP:
        event.setSourceIp(s);
        break;
      case METHOD:
        event.setMethod(s);
        break;
      case PATH:
        event.setPath(s);
        break;
      case EVENT_ID:
        event.setEventId(s);
        break;
      case USER_AGENT:
        event.setUserAgent(s);
        break;
      case AS_ORGANIZATION:
        event.setAsOrganization(s);
        break;
      case COUNTRY:
        event.setCountry(s);
        break;
      case API_KEY_ID:
        event.setApiKeyId(s);
        break;
      case NONCE:
        event.setNonce(s);
        break;
      case INSTRUMENT:
        event.setInstrument(s);
        break;
      case WITHDRAWAL_ADDRESS:
        event.setWithdrawalAddress(s);
        break;
      default:
        throw new AssertionError(f);
    }
  }

  void setInteger(EcsField f, long x) {
    present |= f.bit;
    switch (f) {
      case STATUS:
        // Out-of-int values are out of 100-599 too; clamping lets the validator say BAD_STATUS.
        event.setStatus((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, x)));
        break;
      case DURATION:
        event.setDurationNanos(x);
        break;
      case AS_NUMBER:
        event.setAsNumber(x);
        break;
      case CLIENT_TIMESTAMP:
        event.setClientTimestamp(x);
        break;
      default:
        throw new AssertionError(f);
    }
  }

  void setNumber(EcsField f, double x) {
    present |= f.bit;
    switch (f) {
      case LATITUDE:
        event.setLatitude(x);
        break;
      case LONGITUDE:
        event.setLongitude(x);
        break;
      case NOTIONAL_USD:
        event.setNotionalUsd(x);
        break;
      case GEO_ACCURACY_KM:
        event.setGeoAccuracyKm(x);
        break;
      default:
        throw new AssertionError(f);
    }
  }

  void setSymbol(EcsField f, CharSequence text) {
    switch (f) {
      case OUTCOME:
        for (Outcome o : OUTCOMES) {
          if (equalsIgnoreAsciiCase(text, o.name())) {
            event.setOutcome(o);
            present |= f.bit;
            return;
          }
        }
        reject(DeadLetterReason.BAD_VALUE, f.ecsName, "expected success, failure or unknown");
        return;
      case AUTH_METHOD:
        for (AuthMethod m : AUTH_METHODS) {
          if (equalsIgnoreAsciiCase(text, m.name())) {
            event.setAuthMethod(m);
            present |= f.bit;
            return;
          }
        }
        reject(
            DeadLetterReason.BAD_VALUE,
            f.ecsName,
            "expected hmac, jwt, oauth2, password, refresh or mfa");
        return;
      case SIDE:
        for (OrderSide s : SIDES) {
          if (equalsIgnoreAsciiCase(text, s.name())) {
            event.setSide(s);
            present |= f.bit;
            return;
          }
        }
        reject(DeadLetterReason.BAD_VALUE, f.ecsName, "expected buy or sell");
        return;
      case NETWORK_TYPE:
        // GeoIP vendors name more kinds than the four Vigil knows: any other text is OTHER.
        present |= f.bit;
        for (NetworkType t : NETWORK_TYPES) {
          if (equalsIgnoreAsciiCase(text, t.name())) {
            event.setNetworkType(t);
            return;
          }
        }
        event.setNetworkType(NetworkType.OTHER);
        return;
      default:
        throw new AssertionError(f);
    }
  }

  private static boolean equalsIgnoreAsciiCase(CharSequence text, String upper) {
    if (text.length() != upper.length()) {
      return false;
    }
    for (int i = 0; i < upper.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'a' && c <= 'z') {
        c -= 32;
      }
      if (c != upper.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
