package dev.vigil.evaluation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import dev.vigil.schema.NetworkType;
import dev.vigil.schema.OrderSide;
import dev.vigil.schema.Outcome;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import org.apache.avro.AvroRuntimeException;

/**
 * Reads one line of the simulator's events.jsonl (flat dotted ECS names, {@code
 * source.geo.location} as an object) into an {@link AccessEvent}, for offline replays through the
 * engine. It trusts its input as the simulator writes it: the streaming job's ingest parser (in the
 * jobs module) is the one that validates arbitrary logs. Unknown keys are skipped. Not thread-safe;
 * reuse one instance.
 *
 * <p>Cost: one streaming pass, fields set directly on the record (an Avro builder validates every
 * set and copies every default, about a third of a line's cost), and timestamps of the simulator's
 * form ({@code 2026-11-02T00:00:00.006Z}) read from the parser's characters without a String; any
 * other form goes to {@link Instant#parse}; a line without one of the record's required fields
 * fails with the error the Avro builder gives, naming the field, so results and errors are those of
 * a builder's decoding ({@code EventLineDecoderParityTest}). {@code LineParseBenchmark} (jobs)
 * measures it.
 */
public final class EventLineDecoder {
  private static final NetworkType[] NETWORK_TYPES = NetworkType.values();

  /** Bits of the required fields without a default (status, event, session, account, ip...). */
  private static final int EVENT_ID = 1;

  private static final int TIMESTAMP = 2;
  private static final int SESSION_ID = 4;
  private static final int ACCOUNT_ID = 8;
  private static final int SOURCE_IP = 16;
  private static final int METHOD = 32;
  private static final int PATH = 64;
  private static final int STATUS = 128;
  private static final int REQUIRED = 255;

  private final JsonFactory json = new JsonFactory();

  /** Decodes {@code length} bytes of {@code line} from offset 0. */
  public AccessEvent decode(byte[] line, int length) {
    AccessEvent e = new AccessEvent();
    int set = 0;
    try (JsonParser p = json.createParser(line, 0, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("event line is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.VALUE_NULL) {
          continue;
        }
        switch (name) {
          case "@timestamp" -> {
            long t = timestamp(p);
            e.setTimestamp(t);
            e.setIngestedAt(t);
            set |= TIMESTAMP;
          }
          case "event.id" -> {
            e.setEventId(p.getText());
            set |= EVENT_ID;
          }
          case "session.id" -> {
            e.setSessionId(p.getText());
            set |= SESSION_ID;
          }
          case "user.id" -> {
            e.setAccountId(p.getText());
            set |= ACCOUNT_ID;
          }
          case "source.ip" -> {
            e.setSourceIp(p.getText());
            set |= SOURCE_IP;
          }
          case "source.as.number" -> e.setAsNumber(p.getLongValue());
          case "source.as.organization.name" -> e.setAsOrganization(p.getText());
          case "source.geo.country_iso_code" -> e.setCountry(p.getText());
          case "source.geo.location" -> location(p, e);
          case "source.geo.accuracy_radius_km" -> e.setGeoAccuracyKm(p.getDoubleValue());
          case "source.network.type" -> e.setNetworkType(networkType(p.getText()));
          case "http.request.method" -> {
            e.setMethod(p.getText());
            set |= METHOD;
          }
          case "url.path" -> {
            e.setPath(p.getText());
            set |= PATH;
          }
          case "http.response.status_code" -> {
            e.setStatus(p.getIntValue());
            set |= STATUS;
          }
          case "event.outcome" -> e.setOutcome(Outcome.valueOf(upper(p.getText())));
          case "event.duration" -> e.setDurationNanos(p.getLongValue());
          case "user_agent.original" -> e.setUserAgent(p.getText());
          case "exchange.api_key.id" -> e.setApiKeyId(p.getText());
          case "exchange.auth.method" -> e.setAuthMethod(AuthMethod.valueOf(upper(p.getText())));
          case "exchange.auth.mfa" -> e.setMfa(p.getBooleanValue());
          case "exchange.request.nonce" -> e.setNonce(p.getText());
          case "exchange.request.timestamp" -> e.setClientTimestamp(p.getLongValue());
          case "exchange.order.instrument" -> e.setInstrument(p.getText());
          case "exchange.order.side" -> e.setSide(OrderSide.valueOf(upper(p.getText())));
          case "exchange.order.notional_usd" -> e.setNotionalUsd(p.getDoubleValue());
          case "exchange.withdrawal.address" -> e.setWithdrawalAddress(p.getText());
          default -> p.skipChildren();
        }
      }
    } catch (IOException x) {
      throw new IllegalArgumentException("malformed event line: " + x.getMessage(), x);
    }
    // A required field missing: named as the Avro builder names it.
    if ((set & REQUIRED) != REQUIRED) {
      throw missing(set);
    }
    return e;
  }

  /**
   * The event time: the simulator's form read from the parser's characters, any other through
   * {@link Instant#parse} (which also refuses what is not a date-time).
   */
  private static long timestamp(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      long millis =
          Rfc3339Millis.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
      if (millis != Rfc3339Millis.OTHER) {
        return millis;
      }
    }
    return Instant.parse(p.getText()).toEpochMilli();
  }

  /** Record fields of the required bits, in bit order. */
  private static final String[] REQUIRED_FIELDS = {
    "eventId", "timestamp", "sessionId", "accountId", "sourceIp", "method", "path", "status"
  };

  /**
   * The error an {@link AccessEvent.Builder} gives for the first required field a line lacks, in
   * its words ("Field status type:INT pos:8 not set and has no default value").
   */
  private static AvroRuntimeException missing(int set) {
    int bit = Integer.numberOfTrailingZeros(~set & REQUIRED);
    return new AvroRuntimeException(
        "Field "
            + AccessEvent.getClassSchema().getField(REQUIRED_FIELDS[bit])
            + " not set and has no default value");
  }

  private static void location(JsonParser p, AccessEvent e) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      if ("lat".equals(name)) {
        e.setLatitude(p.getDoubleValue());
      } else if ("lon".equals(name)) {
        e.setLongitude(p.getDoubleValue());
      } else {
        p.skipChildren();
      }
    }
  }

  /** residential, mobile, hosting or vpn in any case; any other text is OTHER. */
  private static NetworkType networkType(String text) {
    for (NetworkType t : NETWORK_TYPES) {
      if (t.name().equalsIgnoreCase(text)) {
        return t;
      }
    }
    return NetworkType.OTHER;
  }

  private static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }
}
