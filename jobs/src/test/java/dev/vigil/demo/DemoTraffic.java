package dev.vigil.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import dev.vigil.schema.NetworkType;
import dev.vigil.schema.OrderSide;
import dev.vigil.schema.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * A small built-in generator of realistic JSON access logs for the demo and the ingest tests:
 * retail web users and API-key trading bots on a derivatives exchange. Deterministic for a seed.
 *
 * <p>Each line comes with the {@link AccessEvent} the ingest must make of it, built from the same
 * values but not by the parser, so a test can compare the two.
 */
public final class DemoTraffic {
  /** One generated line and what it must become. */
  public record Line(byte[] json, AccessEvent expected) {}

  private record Network(String ip, long asn, String org, String country, double lat, double lon) {}

  private static final Network[] NETWORKS = {
    new Network("81.2.69.142", 3320, "Deutsche Telekom AG", "DE", 52.52, 13.40),
    new Network("2a02:8108:1140:c100::5", 31334, "Vodafone GmbH", "DE", 48.14, 11.58),
    new Network("86.12.40.7", 5089, "Virgin Media Limited", "GB", 51.51, -0.13),
    new Network("73.162.9.21", 7922, "Comcast Cable Communications", "US", 40.71, -74.01),
    new Network("126.71.3.18", 17676, "SoftBank Corp.", "JP", 35.68, 139.69),
    new Network("175.223.10.4", 4766, "Korea Telecom", "KR", 37.57, 126.98),
    new Network("3.120.55.9", 16509, "Amazon.com, Inc.", "DE", 50.11, 8.68),
    new Network("35.187.12.40", 15169, "Google LLC", "SG", 1.35, 103.82),
    new Network("2600:1f18:6a2:1200::1c", 16509, "Amazon.com, Inc.", "US", 39.04, -77.49),
  };
  private static final String[] USER_AGENTS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
        + " Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "ExchangeApp/5.12.0 (Android 15; Pixel 9)",
  };
  private static final String[] BOT_AGENTS = {
    "ccxt/4.4.32", "python-requests/2.32.3", "okhttp/4.12"
  };
  private static final String[] RETAIL_PATHS = {
    "/api/v3/markets",
    "/api/v3/positions",
    "/api/v3/account/balances",
    "/api/v3/orders",
    "/api/v3/options/chain"
  };
  private static final String[] BOT_PATHS = {
    "/api/v3/order", "/api/v3/order/cancel", "/api/v3/order/replace"
  };
  private static final String[] INSTRUMENTS = {
    "BTC-PERP", "ETH-PERP", "BTC-27DEC26-100000-C", "ETH-27DEC26-4000-P", "SOL-PERP"
  };

  private final JsonFactory json = new JsonFactory();
  private final SplittableRandom random;
  private final int accounts;
  private final long[] nonces;
  private long sequence;

  /**
   * @param seed makes the output reproducible
   * @param accounts how many accounts (each with one session) to spread traffic over
   */
  public DemoTraffic(long seed, int accounts) {
    this.random = new SplittableRandom(seed);
    this.accounts = accounts;
    this.nonces = new long[accounts];
  }

  /**
   * The next line, stamped {@code nowMillis} minus a little gateway delay.
   *
   * @param ingestedAtMillis the ingestion time the expected event carries
   */
  public Line next(long nowMillis, long ingestedAtMillis) {
    int account = random.nextInt(accounts);
    boolean bot = account % 5 == 0; // a fifth of the accounts trade through the API
    Network net = NETWORKS[bot ? 6 + account % 3 : account % 6];
    long ts = nowMillis - random.nextInt(2_000);
    String eventId = "req-" + Long.toHexString(0x5eed0000L + sequence++);
    String method;
    String path;
    int status;
    AccessEvent.Builder e =
        AccessEvent.newBuilder()
            .setEventId(eventId)
            .setTimestamp(ts)
            .setIngestedAt(ingestedAtMillis)
            .setSessionId("sess-" + account)
            .setAccountId("acct-" + account)
            .setSourceIp(net.ip())
            .setAsNumber(net.asn())
            .setAsOrganization(net.org())
            .setCountry(net.country())
            .setLatitude(net.lat())
            .setLongitude(net.lon())
            .setDurationNanos(1_000_000L + random.nextInt(40_000_000));
    if (bot) {
      path = BOT_PATHS[random.nextInt(BOT_PATHS.length)];
      method = path.endsWith("cancel") ? "DELETE" : "POST";
      status = random.nextInt(100) < 2 ? 429 : 200;
      nonces[account] = Math.max(nonces[account] + 1, ts * 1000);
      e.setApiKeyId("key-" + account)
          .setAuthMethod(AuthMethod.HMAC)
          .setNonce(Long.toString(nonces[account]))
          .setClientTimestamp(ts - random.nextInt(50))
          .setUserAgent(BOT_AGENTS[account % BOT_AGENTS.length])
          .setInstrument(INSTRUMENTS[account % INSTRUMENTS.length])
          .setSide(random.nextBoolean() ? OrderSide.BUY : OrderSide.SELL)
          .setNotionalUsd(Math.round(1_000 * Math.exp(random.nextDouble() * 4)) / 10.0);
    } else {
      path = RETAIL_PATHS[random.nextInt(RETAIL_PATHS.length)];
      method = path.equals("/api/v3/orders") && random.nextBoolean() ? "POST" : "GET";
      status = random.nextInt(100) < 3 ? 401 : 200;
      e.setAuthMethod(AuthMethod.PASSWORD)
          .setMfa(account % 4 != 0)
          .setUserAgent(USER_AGENTS[account % USER_AGENTS.length]);
    }
    // Two thirds of the shippers add the GeoIP accuracy radius and network type (AccessEvent v2);
    // the rest are older and leave them out. Some vendors' types are unknown to Vigil: OTHER.
    if (account % 3 != 0) {
      e.setGeoAccuracyKm((double) (5 + account % 200));
      e.setNetworkType(
          account % 7 == 0
              ? NetworkType.OTHER
              : bot
                  ? NetworkType.HOSTING
                  : account % 2 == 0 ? NetworkType.RESIDENTIAL : NetworkType.MOBILE);
    }
    e.setMethod(method).setPath(path).setStatus(status);
    e.setOutcome(status < 400 ? Outcome.SUCCESS : Outcome.FAILURE);
    AccessEvent expected = e.build();
    return new Line(render(expected, bot, account), expected);
  }

  /** The log's text for a network type; OTHER is written as a vendor's own word. */
  private static String networkTypeText(NetworkType t) {
    return t == NetworkType.OTHER ? "Satellite" : t.name().toLowerCase();
  }

  private byte[] render(AccessEvent e, boolean bot, int account) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (JsonGenerator g = json.createGenerator(bytes)) {
      g.writeStartObject();
      g.writeStringField("@timestamp", java.time.Instant.ofEpochMilli(e.getTimestamp()).toString());
      g.writeStringField("event.id", e.getEventId());
      g.writeStringField("event.outcome", e.getOutcome().name().toLowerCase());
      g.writeNumberField("event.duration", e.getDurationNanos());
      // Half the accounts' shippers nest objects, half write dotted names, as Filebeat and Vector
      // do.
      if (account % 2 == 0) {
        g.writeObjectFieldStart("session");
        g.writeStringField("id", e.getSessionId());
        g.writeEndObject();
        g.writeObjectFieldStart("user");
        g.writeStringField("id", e.getAccountId());
        g.writeEndObject();
        g.writeObjectFieldStart("source");
        g.writeStringField("ip", e.getSourceIp());
        g.writeObjectFieldStart("as");
        g.writeNumberField("number", e.getAsNumber());
        g.writeObjectFieldStart("organization");
        g.writeStringField("name", e.getAsOrganization());
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("geo");
        g.writeStringField("country_iso_code", e.getCountry());
        g.writeObjectFieldStart("location");
        g.writeNumberField("lat", e.getLatitude());
        g.writeNumberField("lon", e.getLongitude());
        g.writeEndObject();
        if (e.getGeoAccuracyKm() != null) {
          g.writeNumberField("accuracy_radius_km", e.getGeoAccuracyKm());
        }
        g.writeEndObject();
        if (e.getNetworkType() != null) {
          g.writeObjectFieldStart("network");
          g.writeStringField("type", networkTypeText(e.getNetworkType()));
          g.writeEndObject();
        }
        g.writeEndObject();
      } else {
        g.writeStringField("session.id", e.getSessionId());
        g.writeStringField("user.id", e.getAccountId());
        g.writeStringField("source.ip", e.getSourceIp());
        g.writeNumberField("source.as.number", e.getAsNumber());
        g.writeStringField("source.as.organization.name", e.getAsOrganization());
        g.writeStringField("source.geo.country_iso_code", e.getCountry());
        g.writeObjectFieldStart("source.geo.location");
        g.writeNumberField("lat", e.getLatitude());
        g.writeNumberField("lon", e.getLongitude());
        g.writeEndObject();
        if (e.getGeoAccuracyKm() != null) {
          g.writeNumberField("source.geo.accuracy_radius_km", e.getGeoAccuracyKm());
        }
        if (e.getNetworkType() != null) {
          g.writeStringField("source.network.type", networkTypeText(e.getNetworkType()));
        }
      }
      g.writeStringField("http.request.method", e.getMethod());
      g.writeStringField("url.path", e.getPath());
      g.writeNumberField("http.response.status_code", e.getStatus());
      g.writeStringField("user_agent.original", e.getUserAgent());
      g.writeStringField("exchange.auth.method", e.getAuthMethod().name().toLowerCase());
      if (bot) {
        g.writeStringField("exchange.api_key.id", e.getApiKeyId());
        g.writeNumberField("exchange.request.nonce", Long.parseLong(e.getNonce()));
        g.writeNumberField("exchange.request.timestamp", e.getClientTimestamp());
        g.writeStringField("exchange.order.instrument", e.getInstrument());
        g.writeStringField("exchange.order.side", e.getSide().name().toLowerCase());
        g.writeNumberField("exchange.order.notional_usd", e.getNotionalUsd());
      } else {
        g.writeBooleanField("exchange.auth.mfa", e.getMfa());
      }
      // Shippers add their own metadata; the ingest must ignore it.
      g.writeObjectFieldStart("agent");
      g.writeStringField("type", "filebeat");
      g.writeStringField("version", "8.17.0");
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return bytes.toByteArray();
  }
}
