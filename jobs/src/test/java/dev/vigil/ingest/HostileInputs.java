package dev.vigil.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of hostile JSON ingest input for the fuzz suites (Avro: {@link HostileAvroInputs}),
 * each tagged with its kind: random bytes, truncations, deep nesting, strings and records at and
 * past every limit, numeric edge cases, far-off timestamps, other encodings, and for Avro wrong
 * fingerprints, cut and corrupted bodies. Valid records are among them (a limit hit exactly is
 * valid), so a suite sees both answers. Timestamps are around {@link #BASE}, a date within the
 * default event-age bound of the ingestion times the suites use.
 */
public final class HostileInputs {
  /** One generated input. */
  public record Hostile(String kind, byte[] bytes) {}

  /** Event times are drawn around this instant (2026-11-02T09:00:00Z). */
  public static final long BASE = Instant.parse("2026-11-02T09:00:00Z").toEpochMilli();

  /** An ingestion time for the suites: a minute after {@link #BASE}. */
  public static final long INGESTED_AT = BASE + 60_000;

  private static final String[] CAPPED = {
    "session.id:256",
    "user.id:256",
    "http.request.method:16",
    "url.path:2048",
    "user_agent.original:1024",
    "event.id:256",
    "source.as.organization.name:256",
    "exchange.api_key.id:256",
    "exchange.order.instrument:256",
    "source.geo.country_iso_code:2"
  };

  private static final List<String> NUMBERS =
      List.of(
          "0",
          "-0",
          "99",
          "100",
          "599",
          "600",
          "-1",
          "0.5",
          "1e400",
          "-1e400",
          "1E2",
          "4.9e-324",
          "9223372036854775807",
          "9223372036854775808",
          "-9223372036854775809",
          "4294967295",
          "4294967296",
          "1" + "0".repeat(400),
          "00",
          "+1",
          ".5",
          "1.",
          "0x10");

  private static final List<String> TIMESTAMPS =
      List.of(
          "9999-12-31T23:59:59.999Z",
          "0000-01-01T00:00:00Z",
          "1970-01-01T00:00:00Z",
          "1969-12-31T23:59:59.999Z",
          "2016-11-02T09:00:00Z",
          "2026-11-02T09:06:00.001Z",
          "2026-11-02T09:06:00Z",
          "2026-11-02T09:00:00.123456789+23:59",
          "2026-11-02T09:00:00-23:59",
          "2026-02-29T00:00:00Z",
          "2028-02-29T00:00:00Z",
          "2026-11-02T24:00:00Z",
          "2026-11-02T09:00:60Z",
          "2026-11-02 09:00:00z",
          "2026-11-02T09:00:00",
          "1793610000000",
          "2026-11-02T09:00:00.0000000001Z",
          "+12026-11-02T09:00:00Z",
          "");

  private static final byte[][] ENCODINGS = {
    {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, // UTF-8 BOM
    {(byte) 0xFF, (byte) 0xFE}, // UTF-16LE BOM
    {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
    {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // CESU-8 surrogate
    {(byte) 0xE9}, // Latin-1 é
    {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
    {0}
  };

  private HostileInputs() {}

  /** Hostile JSON access-log records. */
  public static Arbitrary<Hostile> json() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(
            2, tagged("random_bytes", Arbitraries.bytes().array(byte[].class).ofMaxSize(300))),
        net.jqwik.api.Tuple.of(3, validLines().map(l -> new Hostile("valid_shape", utf8(l)))),
        net.jqwik.api.Tuple.of(3, truncations()),
        net.jqwik.api.Tuple.of(2, nesting()),
        net.jqwik.api.Tuple.of(3, cappedStrings()),
        net.jqwik.api.Tuple.of(2, recordSizes()),
        net.jqwik.api.Tuple.of(3, numbers()),
        net.jqwik.api.Tuple.of(3, timestamps()),
        net.jqwik.api.Tuple.of(2, encodings()),
        net.jqwik.api.Tuple.of(1, flippedBytes()));
  }

  static Arbitrary<String> validLines() {
    return Combinators.combine(
            Arbitraries.longs().between(-86_400_000, 60_000),
            Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(40),
            Arbitraries.integers().between(1, 99),
            Arbitraries.of("GET", "POST", "DELETE"),
            Arbitraries.of("/api/v3/order", "/api/v3/withdraw", "/sapi/v1/capital/withdraw/apply"),
            Arbitraries.of(200, 201, 401, 429, 500),
            Arbitraries.of(true, false))
        .as(
            (dt, session, account, method, path, status, nested) -> {
              String ts = Instant.ofEpochMilli(BASE + dt).toString();
              String ip = "198.51.100." + account;
              return nested
                  ? "{\"@timestamp\":\""
                      + ts
                      + "\",\"session\":{\"id\":\""
                      + session
                      + "\"},\"user\":{\"id\":\"acct-"
                      + account
                      + "\"},\"source\":{\"ip\":\""
                      + ip
                      + "\"},\"http\":{\"request\":{\"method\":\""
                      + method
                      + "\"},\"response\":{\"status_code\":"
                      + status
                      + "}},\"url\":{\"path\":\""
                      + path
                      + "\"}}"
                  : "{\"@timestamp\":\""
                      + ts
                      + "\",\"session.id\":\""
                      + session
                      + "\",\"user.id\":\"acct-"
                      + account
                      + "\",\"source.ip\":\""
                      + ip
                      + "\",\"http.request.method\":\""
                      + method
                      + "\",\"url.path\":\""
                      + path
                      + "\",\"http.response.status_code\":"
                      + status
                      + "}";
            });
  }

  private static Arbitrary<Hostile> truncations() {
    return Combinators.combine(validLines(), Arbitraries.doubles().between(0, 1))
        .as((l, cut) -> new Hostile("truncated", Arrays.copyOf(utf8(l), (int) (l.length() * cut))));
  }

  private static Arbitrary<Hostile> nesting() {
    return Combinators.combine(
            validLines(),
            Arbitraries.of(6, 7, 8, 9, 64, 5_000, 200_000),
            Arbitraries.of("{\"x\":", "["))
        .as(
            (l, depth, open) -> {
              String close = open.equals("[") ? "]" : "}";
              String nest = open.repeat(depth) + "1" + close.repeat(depth);
              return new Hostile(
                  "deep_nesting",
                  utf8(l.substring(0, l.length() - 1) + ",\"extra\":" + nest + "}"));
            });
  }

  private static Arbitrary<Hostile> cappedStrings() {
    return Combinators.combine(
            validLines(),
            Arbitraries.of(CAPPED),
            Arbitraries.integers().between(-1, 1),
            Arbitraries.of("a", "é", "\\u00e9", "😀"))
        .as(
            (l, capped, delta, unit) -> {
              String field = capped.substring(0, capped.indexOf(':'));
              int cap = Integer.parseInt(capped.substring(capped.indexOf(':') + 1));
              int units = unit.equals("😀") ? 2 : 1;
              String value = unit.repeat(Math.max(1, (cap + delta) / units));
              return new Hostile("string_at_cap", utf8(with(l, field, "\"" + value + "\"")));
            });
  }

  private static Arbitrary<Hostile> recordSizes() {
    return Combinators.combine(validLines(), Arbitraries.of(-1, 0, 1, 1_000, 2_100_000))
        .as(
            (l, delta) -> {
              int target = 64 * 1024 + delta;
              String head = l.substring(0, l.length() - 1) + ",\"padding\":\"";
              int pad = Math.max(0, target - head.length() - 2);
              return new Hostile("record_at_size_cap", utf8(head + "p".repeat(pad) + "\"}"));
            });
  }

  private static Arbitrary<Hostile> numbers() {
    return Combinators.combine(
            validLines(),
            Arbitraries.of(
                "http.response.status_code",
                "event.duration",
                "source.as.number",
                "source.geo.location.lat",
                "exchange.order.notional_usd",
                "exchange.request.nonce",
                "exchange.request.timestamp",
                "source.geo.accuracy_radius_km"),
            Arbitraries.of(NUMBERS))
        .as((l, field, n) -> new Hostile("numeric_edge", utf8(with(l, field, n))));
  }

  private static Arbitrary<Hostile> timestamps() {
    return Combinators.combine(validLines(), Arbitraries.of(TIMESTAMPS))
        .as(
            (l, ts) ->
                new Hostile("far_or_odd_timestamp", utf8(with(l, "@timestamp", "\"" + ts + "\""))));
  }

  private static Arbitrary<Hostile> encodings() {
    return Combinators.combine(
            validLines(),
            Arbitraries.of(ENCODINGS),
            Arbitraries.integers().between(0, 400),
            Arbitraries.of(true, false))
        .as(
            (l, bytes, at, utf16) -> {
              byte[] line = utf16 ? l.getBytes(StandardCharsets.UTF_16) : utf8(l);
              int i = at % (line.length + 1);
              return new Hostile(
                  "mixed_encoding",
                  concat(
                      concat(Arrays.copyOf(line, i), bytes),
                      Arrays.copyOfRange(line, i, line.length)));
            });
  }

  private static Arbitrary<Hostile> flippedBytes() {
    return Combinators.combine(
            validLines(), Arbitraries.integers().between(0, 400), Arbitraries.bytes())
        .as(
            (l, at, b) -> {
              byte[] line = utf8(l);
              line[at % line.length] = b;
              return new Hostile("flipped_byte", line);
            });
  }

  /** {@code line} with {@code field} (dotted) set to the JSON text {@code value}. */
  static String with(String line, String field, String value) {
    String key = "\"" + field + "\":";
    int at = line.indexOf(key);
    if (at < 0) {
      return line.substring(0, line.length() - 1) + "," + key + value + "}";
    }
    int start = at + key.length();
    int end = start;
    if (line.charAt(start) == '"') {
      end = line.indexOf('"', start + 1) + 1;
    } else {
      while (end < line.length() && ",}".indexOf(line.charAt(end)) < 0) {
        end++;
      }
    }
    return line.substring(0, start) + value + line.substring(end);
  }

  static Arbitrary<Hostile> tagged(String kind, Arbitrary<byte[]> bytes) {
    return bytes.map(b -> new Hostile(kind, b));
  }

  static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
