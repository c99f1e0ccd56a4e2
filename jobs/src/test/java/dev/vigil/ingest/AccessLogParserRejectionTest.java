package dev.vigil.ingest;

import static dev.vigil.ingest.AccessLogs.INGESTED_AT;
import static dev.vigil.ingest.AccessLogs.bytes;
import static dev.vigil.ingest.AccessLogs.line;
import static dev.vigil.ingest.AccessLogs.lineWithout;
import static dev.vigil.schema.DeadLetterReason.BAD_IP;
import static dev.vigil.schema.DeadLetterReason.BAD_STATUS;
import static dev.vigil.schema.DeadLetterReason.BAD_TIMESTAMP;
import static dev.vigil.schema.DeadLetterReason.BAD_VALUE;
import static dev.vigil.schema.DeadLetterReason.CLOCK_SKEW;
import static dev.vigil.schema.DeadLetterReason.CONTROL_CHARACTER;
import static dev.vigil.schema.DeadLetterReason.DUPLICATE_FIELD;
import static dev.vigil.schema.DeadLetterReason.EMPTY_RECORD;
import static dev.vigil.schema.DeadLetterReason.FIELD_TOO_LONG;
import static dev.vigil.schema.DeadLetterReason.INVALID_UTF8;
import static dev.vigil.schema.DeadLetterReason.MALFORMED_JSON;
import static dev.vigil.schema.DeadLetterReason.MISSING_FIELD;
import static dev.vigil.schema.DeadLetterReason.MISTYPED_FIELD;
import static dev.vigil.schema.DeadLetterReason.NESTING_TOO_DEEP;
import static dev.vigil.schema.DeadLetterReason.NOT_AN_OBJECT;
import static dev.vigil.schema.DeadLetterReason.OVERSIZED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.DeadLetterReason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile and malformed access-log lines, each with the exact reason and field it must earn. */
class AccessLogParserRejectionTest {

  private final AccessLogParser parser = new AccessLogParser(IngestLimits.defaults());

  static Stream<Arguments> hostileRecords() {
    String valid = line();
    return Stream.of(
        reject("empty line", new byte[0], EMPTY_RECORD, null),
        reject("null value", null, EMPTY_RECORD, null),
        reject("whitespace line", bytes(" \t\r\n  "), EMPTY_RECORD, null),
        reject("JSON array", bytes("[" + valid + "]"), NOT_AN_OBJECT, null),
        reject("bare string", bytes("\"hello\""), NOT_AN_OBJECT, null),
        reject("bare number", bytes("42"), NOT_AN_OBJECT, null),
        reject("JSON null", bytes("null"), NOT_AN_OBJECT, null),
        reject(
            "truncated object",
            bytes(valid.substring(0, valid.length() - 1)),
            MALFORMED_JSON,
            null),
        reject("truncated inside a string", bytes("{\"session.id\":\"abc"), MALFORMED_JSON, null),
        reject("trailing garbage", bytes(valid + " x"), MALFORMED_JSON, null),
        reject("two objects in one record", bytes(valid + valid), MALFORMED_JSON, null),
        reject("single-quoted keys", bytes("{'session.id':'x'}"), MALFORMED_JSON, null),
        reject("NUL byte before the object", bytes("\u0000" + valid), MALFORMED_JSON, null),
        reject(
            "syntax error outranks an earlier field error",
            bytes("{\"http.response.status_code\":\"200\",\"a\":}"),
            MALFORMED_JSON,
            null),
        reject(
            "duplicate key",
            bytes(line("\"session.id\":\"a\"", "\"session.id\":\"b\"")),
            DUPLICATE_FIELD,
            "session.id"),
        reject(
            "duplicate key inside an unknown object",
            bytes(line("\"extra\":{\"k\":1,\"k\":2}")),
            DUPLICATE_FIELD,
            null),
        reject(
            "dotted and nested forms of one field",
            bytes(line("\"source\":{\"ip\":\"203.0.113.7\"}")),
            DUPLICATE_FIELD,
            "source.ip"),
        reject(
            "dotted and nested latitude",
            bytes(
                line(
                    "\"source.geo.location.lat\":1",
                    "\"source\":{\"geo\":{\"location\":{\"lat\":1}}}")),
            DUPLICATE_FIELD,
            "source.geo.location.lat"),
        reject("NaN", bytes(line("\"http.response.status_code\":NaN")), MALFORMED_JSON, null),
        reject(
            "Infinity", bytes(line("\"source.geo.location.lat\":Infinity")), MALFORMED_JSON, null),
        reject(
            "1 MB user agent",
            bytes(line("\"user_agent.original\":\"" + "a".repeat(1 << 20) + "\"")),
            OVERSIZED,
            null),
        reject(
            "5000-char user agent",
            bytes(line("\"user_agent.original\":\"" + "a".repeat(5000) + "\"")),
            FIELD_TOO_LONG,
            "user_agent.original"),
        reject(
            "2049-char path",
            bytes(line("\"url.path\":\"/" + "p".repeat(2048) + "\"")),
            FIELD_TOO_LONG,
            "url.path"),
        reject(
            "17-char method",
            bytes(line("\"http.request.method\":\"" + "A".repeat(17) + "\"")),
            FIELD_TOO_LONG,
            "http.request.method"),
        reject(
            "method that is not an HTTP token",
            bytes(line("\"http.request.method\":\"GE T\"")),
            BAD_VALUE,
            "http.request.method"),
        reject(
            "negative status",
            bytes(line("\"http.response.status_code\":-200")),
            BAD_STATUS,
            "http.response.status_code"),
        reject(
            "status 600",
            bytes(line("\"http.response.status_code\":600")),
            BAD_STATUS,
            "http.response.status_code"),
        reject(
            "status beyond int range",
            bytes(line("\"http.response.status_code\":5000000000")),
            BAD_STATUS,
            "http.response.status_code"),
        reject(
            "status as string",
            bytes(line("\"http.response.status_code\":\"200\"")),
            MISTYPED_FIELD,
            "http.response.status_code"),
        reject(
            "status as fraction",
            bytes(line("\"http.response.status_code\":200.0")),
            MISTYPED_FIELD,
            "http.response.status_code"),
        reject(
            "status 1e400",
            bytes(line("\"http.response.status_code\":1e400")),
            MISTYPED_FIELD,
            "http.response.status_code"),
        reject(
            "status 99999999999999999999",
            bytes(line("\"http.response.status_code\":99999999999999999999")),
            MISTYPED_FIELD,
            "http.response.status_code"),
        reject(
            "escaped NUL in session.id",
            bytes(line("\"session.id\":\"ab\\u0000cd\"")),
            CONTROL_CHARACTER,
            "session.id"),
        reject(
            "escaped ESC in session.id",
            bytes(line("\"session.id\":\"ab\\u001bcd\"")),
            CONTROL_CHARACTER,
            "session.id"),
        reject(
            "raw ESC in session.id",
            bytes(line("\"session.id\":\"ab\u001bcd\"")),
            CONTROL_CHARACTER,
            "session.id"),
        reject(
            "raw NUL in session.id",
            bytes(line("\"session.id\":\"ab\u0000cd\"")),
            CONTROL_CHARACTER,
            "session.id"),
        reject(
            "C1 control in user agent",
            bytes(line("\"user_agent.original\":\"x\u0085y\"")),
            CONTROL_CHARACTER,
            "user_agent.original"),
        reject(
            "unpaired surrogate escape",
            bytes(line("\"user_agent.original\":\"x\\ud800y\"")),
            INVALID_UTF8,
            "user_agent.original"),
        reject("IPv6 zone id", bytes(line("\"source.ip\":\"fe80::1%eth0\"")), BAD_IP, "source.ip"),
        reject(
            "IPv4 part above 255", bytes(line("\"source.ip\":\"999.1.1.1\"")), BAD_IP, "source.ip"),
        reject("IPv4 leading zero", bytes(line("\"source.ip\":\"01.2.3.4\"")), BAD_IP, "source.ip"),
        reject("hostname as IP", bytes(line("\"source.ip\":\"example.com\"")), BAD_IP, "source.ip"),
        reject("bracketed IPv6", bytes(line("\"source.ip\":\"[::1]\"")), BAD_IP, "source.ip"),
        reject("IPv4 with port", bytes(line("\"source.ip\":\"1.2.3.4:443\"")), BAD_IP, "source.ip"),
        reject("missing session.id", bytes(lineWithout("session.id")), MISSING_FIELD, "session.id"),
        reject("null user.id", bytes(line("\"user.id\":null")), MISSING_FIELD, "user.id"),
        reject("empty session.id", bytes(line("\"session.id\":\"\"")), BAD_VALUE, "session.id"),
        reject(
            "user.id as object",
            bytes(line("\"user.id\":{\"id\":\"x\"}")),
            MISTYPED_FIELD,
            "user.id"),
        reject("source as number", bytes(line("\"source\":5")), MISTYPED_FIELD, "source"),
        reject(
            "@timestamp an hour ahead",
            bytes(line("\"@timestamp\":\"" + Instant.ofEpochMilli(INGESTED_AT + 3_600_000) + "\"")),
            CLOCK_SKEW,
            "@timestamp"),
        reject(
            "@timestamp on 30 February",
            bytes(line("\"@timestamp\":\"2026-02-30T00:00:00Z\"")),
            BAD_TIMESTAMP,
            "@timestamp"),
        reject(
            "@timestamp without offset",
            bytes(line("\"@timestamp\":\"2026-01-31T12:00:00\"")),
            BAD_TIMESTAMP,
            "@timestamp"),
        reject(
            "@timestamp as epoch number",
            bytes(line("\"@timestamp\":1769860800000")),
            MISTYPED_FIELD,
            "@timestamp"),
        reject("invalid UTF-8 C3 28", withBytes(0xC3, 0x28), INVALID_UTF8, null),
        reject("overlong C0 AF", withBytes(0xC0, 0xAF), INVALID_UTF8, null),
        reject("lone surrogate ED A0 80", withBytes(0xED, 0xA0, 0x80), INVALID_UTF8, null),
        reject(
            "nesting nine deep",
            bytes(line("\"x\":" + "[".repeat(8) + "]".repeat(8))),
            NESTING_TOO_DEEP,
            null),
        reject(
            "unknown auth method",
            bytes(line("\"exchange.auth.method\":\"kerberos\"")),
            BAD_VALUE,
            "exchange.auth.method"),
        reject(
            "unknown outcome",
            bytes(line("\"event.outcome\":\"maybe\"")),
            BAD_VALUE,
            "event.outcome"),
        reject(
            "unknown side",
            bytes(line("\"exchange.order.side\":\"hold\"")),
            BAD_VALUE,
            "exchange.order.side"),
        reject(
            "latitude 100",
            bytes(line("\"source.geo.location\":{\"lat\":100,\"lon\":0}")),
            BAD_VALUE,
            "source.geo.location.lat"),
        reject(
            "longitude -181",
            bytes(line("\"source.geo.location.lon\":-181")),
            BAD_VALUE,
            "source.geo.location.lon"),
        reject(
            "latitude as string",
            bytes(line("\"source.geo.location.lat\":\"45.0\"")),
            MISTYPED_FIELD,
            "source.geo.location.lat"),
        reject(
            "negative notional",
            bytes(line("\"exchange.order.notional_usd\":-0.01")),
            BAD_VALUE,
            "exchange.order.notional_usd"),
        reject(
            "infinite notional",
            bytes(line("\"exchange.order.notional_usd\":1e400")),
            BAD_VALUE,
            "exchange.order.notional_usd"),
        reject(
            "negative duration", bytes(line("\"event.duration\":-1")), BAD_VALUE, "event.duration"),
        reject(
            "duration beyond 64 bits",
            bytes(line("\"event.duration\":18446744073709551616")),
            MISTYPED_FIELD,
            "event.duration"),
        reject(
            "AS number beyond 32 bits",
            bytes(line("\"source.as.number\":4294967296")),
            BAD_VALUE,
            "source.as.number"),
        reject(
            "three-letter country",
            bytes(line("\"source.geo.country_iso_code\":\"DEU\"")),
            FIELD_TOO_LONG,
            "source.geo.country_iso_code"),
        reject(
            "country with a digit",
            bytes(line("\"source.geo.country_iso_code\":\"D1\"")),
            BAD_VALUE,
            "source.geo.country_iso_code"),
        reject(
            "mfa as string",
            bytes(line("\"exchange.auth.mfa\":\"yes\"")),
            MISTYPED_FIELD,
            "exchange.auth.mfa"),
        reject(
            "fractional nonce",
            bytes(line("\"exchange.request.nonce\":1.5")),
            MISTYPED_FIELD,
            "exchange.request.nonce"),
        reject(
            "negative accuracy radius",
            bytes(line("\"source.geo.accuracy_radius_km\":-5")),
            BAD_VALUE,
            "source.geo.accuracy_radius_km"),
        reject(
            "zero accuracy radius",
            bytes(line("\"source.geo.accuracy_radius_km\":0")),
            BAD_VALUE,
            "source.geo.accuracy_radius_km"),
        reject(
            "accuracy radius beyond half the Earth",
            bytes(line("\"source.geo\":{\"accuracy_radius_km\":20001}")),
            BAD_VALUE,
            "source.geo.accuracy_radius_km"),
        reject(
            "infinite accuracy radius",
            bytes(line("\"source.geo.accuracy_radius_km\":1e400")),
            BAD_VALUE,
            "source.geo.accuracy_radius_km"),
        reject(
            "accuracy radius as string",
            bytes(line("\"source.geo.accuracy_radius_km\":\"50\"")),
            MISTYPED_FIELD,
            "source.geo.accuracy_radius_km"),
        reject(
            "network type as number",
            bytes(line("\"source.network.type\":3")),
            MISTYPED_FIELD,
            "source.network.type"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileRecords")
  void rejectsWithTheExactReasonAndField(
      String description, byte[] record, DeadLetterReason reason, String field) {
    IngestResult result = parser.parse(record, INGESTED_AT);

    assertThat(result.isAccepted()).as(description).isFalse();
    assertThat(result.reason()).as(description).isEqualTo(reason);
    assertThat(result.field()).as(description).isEqualTo(field);
    assertThat(result.message()).isNotBlank().hasSizeLessThanOrEqualTo(200);
    assertThat(result.event()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileRecords")
  void messagesNeverQuoteTheRecord(
      String description, byte[] record, DeadLetterReason reason, String field) {
    IngestResult result = parser.parse(record, INGESTED_AT);

    assertThat(result.message()).doesNotContain("sess-1", "acct-1", "203.0.113.7", "aaaa");
  }

  private static Arguments reject(
      String description, byte[] record, DeadLetterReason reason, String field) {
    return Arguments.of(description, record, reason, field);
  }

  /** A valid line whose session.id carries the given raw bytes. */
  private static byte[] withBytes(int... raw) {
    String[] halves = line("\"session.id\":\"@@\"").split("@@");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(halves[0].getBytes(StandardCharsets.UTF_8));
    for (int b : raw) {
      out.write(b);
    }
    out.writeBytes(halves[1].getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
