package dev.vigil.ingest;

import static dev.vigil.ingest.AccessLogs.INGESTED_AT;
import static dev.vigil.ingest.AccessLogs.TIMESTAMP;
import static dev.vigil.ingest.AccessLogs.TIMESTAMP_MILLIS;
import static dev.vigil.ingest.AccessLogs.bytes;
import static dev.vigil.ingest.AccessLogs.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import dev.vigil.schema.DeadLetterReason;
import dev.vigil.schema.NetworkType;
import dev.vigil.schema.OrderSide;
import dev.vigil.schema.Outcome;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessLogParserTest {

  private static final String DOTTED =
      "{\"@timestamp\":\"2026-01-31T13:00:00.250+01:00\","
          + "\"event.id\":\"req-42\",\"event.outcome\":\"failure\",\"event.duration\":1500000,"
          + "\"session.id\":\"sess-9\",\"user.id\":\"acct-7\","
          + "\"source.ip\":\"2001:DB8:0:0:0:0:0:1\",\"source.as.number\":64500,"
          + "\"source.as.organization.name\":\"Example Transit\","
          + "\"source.geo.country_iso_code\":\"de\","
          + "\"source.geo.location.lat\":52.52,\"source.geo.location.lon\":13.405,"
          + "\"http.request.method\":\"post\",\"url.path\":\"/api/v3/withdraw\","
          + "\"http.response.status_code\":403,\"user_agent.original\":\"ccxt/4.2 (python)\","
          + "\"exchange.api_key.id\":\"key-3\",\"exchange.auth.method\":\"HMAC\","
          + "\"exchange.auth.mfa\":true,\"exchange.request.nonce\":1769860800000123,"
          + "\"exchange.request.timestamp\":1769860799900,"
          + "\"exchange.order.instrument\":\"BTC-USD\",\"exchange.order.side\":\"Sell\","
          + "\"exchange.order.notional_usd\":12500.5,"
          + "\"exchange.withdrawal.address\":\"bc1qexampleaddress\"}";

  private static final String NESTED =
      "{\"@timestamp\":\"2026-01-31T13:00:00.250+01:00\","
          + "\"event\":{\"id\":\"req-42\",\"outcome\":\"failure\",\"duration\":1500000},"
          + "\"session\":{\"id\":\"sess-9\"},\"user\":{\"id\":\"acct-7\"},"
          + "\"source\":{\"ip\":\"2001:DB8:0:0:0:0:0:1\","
          + "\"as\":{\"number\":64500,\"organization\":{\"name\":\"Example Transit\"}},"
          + "\"geo\":{\"country_iso_code\":\"de\",\"location\":{\"lat\":52.52,\"lon\":13.405}}},"
          + "\"http\":{\"request\":{\"method\":\"post\"},\"response\":{\"status_code\":403}},"
          + "\"url\":{\"path\":\"/api/v3/withdraw\"},"
          + "\"user_agent\":{\"original\":\"ccxt/4.2 (python)\"},"
          + "\"exchange\":{\"api_key\":{\"id\":\"key-3\"},"
          + "\"auth\":{\"method\":\"HMAC\",\"mfa\":true},"
          + "\"request\":{\"nonce\":1769860800000123,\"timestamp\":1769860799900},"
          + "\"order\":{\"instrument\":\"BTC-USD\",\"side\":\"Sell\",\"notional_usd\":12500.5},"
          + "\"withdrawal\":{\"address\":\"bc1qexampleaddress\"}}}";

  private static final String MIXED =
      "{\"@timestamp\":\"2026-01-31T13:00:00.250+01:00\","
          + "\"event\":{\"id\":\"req-42\",\"outcome\":\"failure\"},\"event.duration\":1500000,"
          + "\"session.id\":\"sess-9\",\"user\":{\"id\":\"acct-7\"},"
          + "\"source\":{\"ip\":\"2001:DB8:0:0:0:0:0:1\",\"as.number\":64500,"
          + "\"as.organization.name\":\"Example Transit\","
          + "\"geo.country_iso_code\":\"de\",\"geo\":{\"location.lat\":52.52},"
          + "\"geo.location\":{\"lon\":13.405}},"
          + "\"http.request\":{\"method\":\"post\"},\"http.response.status_code\":403,"
          + "\"url.path\":\"/api/v3/withdraw\",\"user_agent.original\":\"ccxt/4.2 (python)\","
          + "\"exchange\":{\"api_key.id\":\"key-3\",\"auth\":{\"method\":\"HMAC\"},"
          + "\"auth.mfa\":true,\"request.nonce\":1769860800000123},"
          + "\"exchange.request\":{\"timestamp\":1769860799900},"
          + "\"exchange.order\":{\"instrument\":\"BTC-USD\",\"side\":\"Sell\",\"notional_usd\":12500.5},"
          + "\"exchange.withdrawal.address\":\"bc1qexampleaddress\"}";

  private final AccessLogParser parser = new AccessLogParser(IngestLimits.defaults());

  @Test
  void mapsEveryFieldOfADottedRecord() {
    AccessEvent e = accept(DOTTED);

    assertThat(e.getEventId()).isEqualTo("req-42");
    assertThat(e.getTimestamp())
        .isEqualTo(Instant.parse("2026-01-31T12:00:00.250Z").toEpochMilli());
    assertThat(e.getIngestedAt()).isEqualTo(INGESTED_AT);
    assertThat(e.getSessionId()).isEqualTo("sess-9");
    assertThat(e.getAccountId()).isEqualTo("acct-7");
    assertThat(e.getSourceIp()).isEqualTo("2001:db8::1");
    assertThat(e.getMethod()).isEqualTo("POST");
    assertThat(e.getPath()).isEqualTo("/api/v3/withdraw");
    assertThat(e.getStatus()).isEqualTo(403);
    assertThat(e.getOutcome()).isEqualTo(Outcome.FAILURE);
    assertThat(e.getDurationNanos()).isEqualTo(1_500_000L);
    assertThat(e.getUserAgent()).isEqualTo("ccxt/4.2 (python)");
    assertThat(e.getAsNumber()).isEqualTo(64_500L);
    assertThat(e.getAsOrganization()).isEqualTo("Example Transit");
    assertThat(e.getCountry()).isEqualTo("DE");
    assertThat(e.getLatitude()).isEqualTo(52.52);
    assertThat(e.getLongitude()).isEqualTo(13.405);
    assertThat(e.getApiKeyId()).isEqualTo("key-3");
    assertThat(e.getAuthMethod()).isEqualTo(AuthMethod.HMAC);
    assertThat(e.getMfa()).isTrue();
    assertThat(e.getNonce()).isEqualTo("1769860800000123");
    assertThat(e.getClientTimestamp()).isEqualTo(1_769_860_799_900L);
    assertThat(e.getInstrument()).isEqualTo("BTC-USD");
    assertThat(e.getSide()).isEqualTo(OrderSide.SELL);
    assertThat(e.getNotionalUsd()).isEqualTo(12_500.5);
    assertThat(e.getWithdrawalAddress()).isEqualTo("bc1qexampleaddress");
  }

  @Test
  void nestedDottedAndMixedFormsYieldTheSameEvent() {
    AccessEvent dotted = accept(DOTTED);

    assertThat(accept(NESTED)).isEqualTo(dotted);
    assertThat(accept(MIXED)).isEqualTo(dotted);
    assertThat(parser.unknownFieldCount()).isZero();
  }

  @Test
  void readsTheGeoAccuracyRadiusAndNetworkTypeDottedOrNested() {
    AccessEvent dotted =
        accept(
            line(
                "\"event.id\":\"req-1\"",
                "\"source.geo.accuracy_radius_km\":50",
                "\"source.network.type\":\"Residential\""));
    AccessEvent nested =
        accept(
            line(
                "\"source\":{\"ip\":\"203.0.113.7\",\"geo\":{\"accuracy_radius_km\":50},"
                    + "\"network\":{\"type\":\"residential\"}}",
                "\"event.id\":\"req-1\"",
                "-\"source.ip\""));

    assertThat(dotted.getGeoAccuracyKm()).isEqualTo(50.0);
    assertThat(dotted.getNetworkType()).isEqualTo(NetworkType.RESIDENTIAL);
    assertThat(nested).isEqualTo(dotted);
  }

  @ParameterizedTest
  @CsvSource({
    "residential, RESIDENTIAL",
    "MOBILE, MOBILE",
    "hosting, HOSTING",
    "vpn, VPN",
    "tor, OTHER",
    "'', OTHER",
    "cellular, OTHER"
  })
  void mapsNetworkTypesAndTakesUnknownOnesAsOther(String text, NetworkType expected) {
    AccessEvent e = accept(line("\"source.network.type\":\"" + text + "\""));

    assertThat(e.getNetworkType()).isEqualTo(expected);
  }

  @Test
  void oldRecordsWithoutTheNewFieldsStayValid() {
    AccessEvent e = accept(line("\"source.geo.accuracy_radius_km\":null"));

    assertThat(e.getGeoAccuracyKm()).isNull();
    assertThat(e.getNetworkType()).isNull();
  }

  @Test
  void countsAndIgnoresUnknownFields() {
    String record =
        line(
            "\"agent\":{\"type\":\"filebeat\",\"tags\":[1,{\"a\":[]}]}",
            "\"log.offset\":123",
            "\"source\":{\"port\":443,\"ip\":\"203.0.113.7\"}",
            "-\"source.ip\"");

    AccessEvent first = accept(record);
    accept(record);

    assertThat(first.getSourceIp()).isEqualTo("203.0.113.7");
    assertThat(parser.unknownFieldCount()).isEqualTo(6);
  }

  @Test
  void leavesOptionalFieldsAbsentWhenMissingOrNull() {
    AccessEvent e = accept(line("\"user_agent.original\":null", "\"exchange\":null"));

    assertThat(e.getUserAgent()).isNull();
    assertThat(e.getAuthMethod()).isNull();
    assertThat(e.getLatitude()).isNull();
    assertThat(e.getMfa()).isNull();
  }

  @Test
  void canonicalisesIpv6AndIpv4MappedSources() {
    assertThat(
            accept(line("\"source.ip\":\"2001:0DB8:0000:0000:0001:0000:0000:0001\"")).getSourceIp())
        .isEqualTo("2001:db8::1:0:0:1");
    assertThat(accept(line("\"source.ip\":\"::FFFF:C000:0201\"")).getSourceIp())
        .isEqualTo("::ffff:192.0.2.1");
  }

  @Test
  void derivesAStableContentIdWhenEventIdIsAbsent() {
    String record = line();
    String sameContentOtherSpacing = line().replace(",", ", ");

    String id = accept(record).getEventId();

    assertThat(id).matches("h-[0-9a-f]{32}");
    assertThat(
            new AccessLogParser(IngestLimits.defaults())
                .parse(bytes(record), INGESTED_AT + 5)
                .event()
                .getEventId())
        .isEqualTo(id);
    assertThat(accept(record).getEventId()).isEqualTo(id);
    assertThat(accept(sameContentOtherSpacing).getEventId()).isNotEqualTo(id);
  }

  @Test
  void contentIdIsTheMurmurHashOfTheRawBytes() {
    byte[] record = bytes(line());
    long[] h = new long[2];
    MurmurHash3.hash128(record, 0, record.length, 0, h);

    assertThat(parser.parse(record, INGESTED_AT).event().getEventId())
        .isEqualTo(String.format("h-%016x%016x", Long.reverseBytes(h[0]), Long.reverseBytes(h[1])));
  }

  @Test
  void keepsLargeIntegerNoncesAsDecimalText() {
    assertThat(accept(line("\"exchange.request.nonce\":123456789012345678901234567890")).getNonce())
        .isEqualTo("123456789012345678901234567890");
    assertThat(accept(line("\"exchange.request.nonce\":-0")).getNonce()).isEqualTo("0");
    assertThat(accept(line("\"exchange.request.nonce\":\"n-17\"")).getNonce()).isEqualTo("n-17");
  }

  @Test
  void acceptsRfc3339SpellingVariants() {
    assertThat(accept(line("\"@timestamp\":\"2026-01-31t12:00:00.250z\"")).getTimestamp())
        .isEqualTo(TIMESTAMP_MILLIS);
    assertThat(
            accept(line("\"@timestamp\":\"2026-01-31 07:00:00.250123456-05:00\"")).getTimestamp())
        .isEqualTo(TIMESTAMP_MILLIS);
  }

  @Test
  void acceptsNestingUpToTheLimit() {
    String eightDeep = line("\"x\":" + "[".repeat(7) + "]".repeat(7));

    assertThat(parser.parse(bytes(eightDeep), INGESTED_AT).isAccepted()).isTrue();
  }

  @Test
  void clockSkewAllowanceIsConfigurable() {
    AccessLogParser lenient =
        new AccessLogParser(IngestLimits.defaults().withMaxClockSkewMillis(2 * 3_600_000L));
    byte[] hourAhead =
        bytes(line("\"@timestamp\":\"" + Instant.ofEpochMilli(INGESTED_AT + 3_600_000) + "\""));

    assertThat(lenient.parse(hourAhead, INGESTED_AT).isAccepted()).isTrue();
    assertThat(parser.parse(hourAhead, INGESTED_AT).reason())
        .isEqualTo(DeadLetterReason.CLOCK_SKEW);
  }

  @Test
  void acceptsSurroundingWhitespaceAndATrailingNewline() {
    assertThat(parser.parse(bytes("  " + line() + "\r\n"), INGESTED_AT).isAccepted()).isTrue();
  }

  @Test
  void acceptsEventsFromThePast() {
    assertThat(parser.parse(bytes(line()), INGESTED_AT + 86_400_000L).isAccepted()).isTrue();
  }

  @Test
  void recordSizeLimitIsConfigurable() {
    AccessLogParser small = new AccessLogParser(IngestLimits.defaults().withMaxRecordBytes(100));

    assertThat(small.parse(bytes(line()), INGESTED_AT).reason())
        .isEqualTo(DeadLetterReason.OVERSIZED);
  }

  @Test
  void recoversFullyAfterARejection() {
    parser.parse(bytes(line("\"session.id\":\"a\"", "\"session\":{\"id\":\"b\"}")), INGESTED_AT);
    parser.parse(bytes("{\"user.id\":{\"x\":{\"x\":[[[[[[[[[]]]]]]]]}}}"), INGESTED_AT);

    IngestResult ok = parser.parse(bytes(line()), INGESTED_AT);

    assertThat(ok.isAccepted()).isTrue();
    assertThat(ok.event().getSessionId()).isEqualTo("sess-1");
    assertThat(ok.event().getTimestamp()).isEqualTo(Instant.parse(TIMESTAMP).toEpochMilli());
  }

  private AccessEvent accept(String record) {
    IngestResult result = parser.parse(bytes(record), INGESTED_AT);
    assertThat(result.isAccepted()).as("%s", result).isTrue();
    return result.event();
  }
}
