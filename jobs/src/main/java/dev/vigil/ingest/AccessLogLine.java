package dev.vigil.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.schema.AccessEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;

/**
 * An {@link AccessEvent} written back as the access-log line the ingest reads: flat dotted ECS
 * names ({@link EcsField}), {@code @timestamp} in RFC 3339, enum texts in lower case. So what
 * {@code vigil consume} copies from the events topic is a file {@code vigil score} (and the ingest)
 * accepts; {@link AccessLogParser} of the line gives the event back, except {@code ingestedAt}.
 */
public final class AccessLogLine {
  private static final JsonFactory JSON = new JsonFactory();

  private AccessLogLine() {}

  public static String toJson(AccessEvent e) {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField(
          EcsField.TIMESTAMP.ecsName, Instant.ofEpochMilli(e.getTimestamp()).toString());
      text(g, EcsField.EVENT_ID, e.getEventId());
      text(g, EcsField.SESSION_ID, e.getSessionId());
      text(g, EcsField.USER_ID, e.getAccountId());
      text(g, EcsField.SOURCE_IP, e.getSourceIp());
      text(g, EcsField.METHOD, e.getMethod());
      text(g, EcsField.PATH, e.getPath());
      g.writeNumberField(EcsField.STATUS.ecsName, e.getStatus());
      symbol(g, EcsField.OUTCOME, e.getOutcome());
      number(g, EcsField.DURATION, e.getDurationNanos());
      text(g, EcsField.USER_AGENT, e.getUserAgent());
      number(g, EcsField.AS_NUMBER, e.getAsNumber());
      text(g, EcsField.AS_ORGANIZATION, e.getAsOrganization());
      text(g, EcsField.COUNTRY, e.getCountry());
      decimal(g, EcsField.LATITUDE, e.getLatitude());
      decimal(g, EcsField.LONGITUDE, e.getLongitude());
      decimal(g, EcsField.GEO_ACCURACY_KM, e.getGeoAccuracyKm());
      symbol(g, EcsField.NETWORK_TYPE, e.getNetworkType());
      text(g, EcsField.API_KEY_ID, e.getApiKeyId());
      symbol(g, EcsField.AUTH_METHOD, e.getAuthMethod());
      if (e.getMfa() != null) {
        g.writeBooleanField(EcsField.MFA.ecsName, e.getMfa());
      }
      text(g, EcsField.NONCE, e.getNonce());
      number(g, EcsField.CLIENT_TIMESTAMP, e.getClientTimestamp());
      text(g, EcsField.INSTRUMENT, e.getInstrument());
      symbol(g, EcsField.SIDE, e.getSide());
      decimal(g, EcsField.NOTIONAL_USD, e.getNotionalUsd());
      text(g, EcsField.WITHDRAWAL_ADDRESS, e.getWithdrawalAddress());
      g.writeEndObject();
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return out.toString();
  }

  private static void text(JsonGenerator g, EcsField f, CharSequence v) throws IOException {
    if (v != null) {
      g.writeStringField(f.ecsName, v.toString());
    }
  }

  private static void number(JsonGenerator g, EcsField f, Long v) throws IOException {
    if (v != null) {
      g.writeNumberField(f.ecsName, v);
    }
  }

  private static void decimal(JsonGenerator g, EcsField f, Double v) throws IOException {
    if (v != null) {
      g.writeNumberField(f.ecsName, v);
    }
  }

  private static void symbol(JsonGenerator g, EcsField f, Enum<?> v) throws IOException {
    if (v != null) {
      g.writeStringField(f.ecsName, v.name().toLowerCase(Locale.ROOT));
    }
  }
}
