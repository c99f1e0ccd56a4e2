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

/**
 * Reads one line of the simulator's events.jsonl (flat dotted ECS names, {@code
 * source.geo.location} as an object) into an {@link AccessEvent}, for offline replays through the
 * engine. It trusts its input as the simulator writes it: the streaming job's ingest parser (in the
 * jobs module) is the one that validates arbitrary logs. Unknown keys are skipped. Not thread-safe;
 * reuse one instance.
 */
public final class EventLineDecoder {
  private static final NetworkType[] NETWORK_TYPES = NetworkType.values();

  private final JsonFactory json = new JsonFactory();

  /** Decodes {@code length} bytes of {@code line} from offset 0. */
  public AccessEvent decode(byte[] line, int length) {
    AccessEvent.Builder b = AccessEvent.newBuilder().setIngestedAt(0L);
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
            long t = Instant.parse(p.getText()).toEpochMilli();
            b.setTimestamp(t).setIngestedAt(t);
          }
          case "event.id" -> b.setEventId(p.getText());
          case "session.id" -> b.setSessionId(p.getText());
          case "user.id" -> b.setAccountId(p.getText());
          case "source.ip" -> b.setSourceIp(p.getText());
          case "source.as.number" -> b.setAsNumber(p.getLongValue());
          case "source.as.organization.name" -> b.setAsOrganization(p.getText());
          case "source.geo.country_iso_code" -> b.setCountry(p.getText());
          case "source.geo.location" -> location(p, b);
          case "source.geo.accuracy_radius_km" -> b.setGeoAccuracyKm(p.getDoubleValue());
          case "source.network.type" -> b.setNetworkType(networkType(p.getText()));
          case "http.request.method" -> b.setMethod(p.getText());
          case "url.path" -> b.setPath(p.getText());
          case "http.response.status_code" -> b.setStatus(p.getIntValue());
          case "event.outcome" -> b.setOutcome(Outcome.valueOf(upper(p.getText())));
          case "event.duration" -> b.setDurationNanos(p.getLongValue());
          case "user_agent.original" -> b.setUserAgent(p.getText());
          case "exchange.api_key.id" -> b.setApiKeyId(p.getText());
          case "exchange.auth.method" -> b.setAuthMethod(AuthMethod.valueOf(upper(p.getText())));
          case "exchange.auth.mfa" -> b.setMfa(p.getBooleanValue());
          case "exchange.request.nonce" -> b.setNonce(p.getText());
          case "exchange.request.timestamp" -> b.setClientTimestamp(p.getLongValue());
          case "exchange.order.instrument" -> b.setInstrument(p.getText());
          case "exchange.order.side" -> b.setSide(OrderSide.valueOf(upper(p.getText())));
          case "exchange.order.notional_usd" -> b.setNotionalUsd(p.getDoubleValue());
          case "exchange.withdrawal.address" -> b.setWithdrawalAddress(p.getText());
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed event line: " + e.getMessage(), e);
    }
    return b.build();
  }

  private static void location(JsonParser p, AccessEvent.Builder b) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      if ("lat".equals(name)) {
        b.setLatitude(p.getDoubleValue());
      } else if ("lon".equals(name)) {
        b.setLongitude(p.getDoubleValue());
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
