package dev.vigil.demo;

import dev.vigil.schema.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A catalogue of malformed and hostile access-log records, each with the dead-letter reason the
 * ingest must give it. The demo mixes them into its traffic; the ingest tests send all of them.
 */
public final class HostileRecords {
  /** One hostile record and the verdict it must get. */
  public record Sample(String name, byte[] raw, DeadLetterReason expected) {}

  private HostileRecords() {}

  /** Every kind, stamped relative to {@code nowMillis} (the time the records are sent). */
  public static List<Sample> all(long nowMillis) {
    String ts = Instant.ofEpochMilli(nowMillis - 1_000).toString();
    String future = Instant.ofEpochMilli(nowMillis + 3_600_000).toString();
    List<Sample> s = new ArrayList<>();
    s.add(text("empty line", "", DeadLetterReason.EMPTY_RECORD));
    s.add(text("whitespace only", "  \t  ", DeadLetterReason.EMPTY_RECORD));
    s.add(text("json array", "[" + base(ts, "") + "]", DeadLetterReason.NOT_AN_OBJECT));
    s.add(text("bare string", "\"GET /api/v3/markets\"", DeadLetterReason.NOT_AN_OBJECT));
    s.add(text("truncated object", base(ts, "").substring(0, 60), DeadLetterReason.MALFORMED_JSON));
    s.add(text("trailing garbage", base(ts, "") + " }{", DeadLetterReason.MALFORMED_JSON));
    s.add(
        text(
            "duplicate key",
            base(ts, ",\"session.id\":\"sess-other\""),
            DeadLetterReason.DUPLICATE_FIELD));
    s.add(
        text(
            "dotted and nested forms of one field",
            base(ts, ",\"source\":{\"ip\":\"10.0.0.9\"}"),
            DeadLetterReason.DUPLICATE_FIELD));
    s.add(
        text(
            "NaN number",
            base(ts, ",\"exchange.order.notional_usd\":NaN"),
            DeadLetterReason.MALFORMED_JSON));
    s.add(
        text(
            "1 MB user agent",
            base(ts, ",\"user_agent.original\":\"" + "A".repeat(1 << 20) + "\""),
            DeadLetterReason.OVERSIZED));
    s.add(
        text(
            "5000-character user agent",
            base(ts, ",\"user_agent.original\":\"" + "Mozilla/5.0 ".repeat(420) + "\""),
            DeadLetterReason.FIELD_TOO_LONG));
    s.add(
        text(
            "negative GeoIP accuracy radius",
            base(ts, ",\"source.geo.accuracy_radius_km\":-50"),
            DeadLetterReason.BAD_VALUE));
    s.add(
        text(
            "GeoIP accuracy radius beyond half the Earth",
            base(ts, ",\"source.geo.accuracy_radius_km\":1e9"),
            DeadLetterReason.BAD_VALUE));
    s.add(text("negative status", with(ts, "status", "-200"), DeadLetterReason.BAD_STATUS));
    s.add(text("status 600", with(ts, "status", "600"), DeadLetterReason.BAD_STATUS));
    s.add(text("status as string", with(ts, "status", "\"200\""), DeadLetterReason.MISTYPED_FIELD));
    s.add(
        text(
            "NUL in session id",
            with(ts, "session", "\"sess-\\u0000-admin\""),
            DeadLetterReason.CONTROL_CHARACTER));
    s.add(
        text(
            "terminal escape in user agent",
            base(ts, ",\"user_agent.original\":\"curl\\u001b[2J\""),
            DeadLetterReason.CONTROL_CHARACTER));
    s.add(text("IPv6 zone id", with(ts, "ip", "\"fe80::1%eth0\""), DeadLetterReason.BAD_IP));
    s.add(text("IPv4 octet over 255", with(ts, "ip", "\"999.1.1.1\""), DeadLetterReason.BAD_IP));
    s.add(
        text("hostname as IP", with(ts, "ip", "\"gateway.example.com\""), DeadLetterReason.BAD_IP));
    s.add(text("missing session id", with(ts, "session", null), DeadLetterReason.MISSING_FIELD));
    s.add(text("null account id", with(ts, "user", "null"), DeadLetterReason.MISSING_FIELD));
    s.add(
        text(
            "account id as object",
            with(ts, "user", "{\"name\":\"x\"}"),
            DeadLetterReason.MISTYPED_FIELD));
    s.add(text("timestamp an hour ahead", base(future, ""), DeadLetterReason.CLOCK_SKEW));
    s.add(
        text("impossible date", base("2026-02-30T10:00:00Z", ""), DeadLetterReason.BAD_TIMESTAMP));
    s.add(
        text(
            "timestamp without offset",
            base("2026-11-29T10:00:00", ""),
            DeadLetterReason.BAD_TIMESTAMP));
    s.add(
        text(
            "deep nesting",
            base(ts, ",\"x\":" + "[".repeat(50) + "]".repeat(50)),
            DeadLetterReason.NESTING_TOO_DEEP));
    s.add(
        text(
            "unknown auth method",
            base(ts, ",\"exchange.auth.method\":\"magic-link\""),
            DeadLetterReason.BAD_VALUE));
    s.add(
        text(
            "latitude out of range",
            base(ts, ",\"source.geo.location\":{\"lat\":100.0,\"lon\":13.4}"),
            DeadLetterReason.BAD_VALUE));
    s.add(
        text(
            "negative notional",
            base(ts, ",\"exchange.order.notional_usd\":-5"),
            DeadLetterReason.BAD_VALUE));
    byte[] utf8 = base(ts, ",\"user_agent.original\":\"XX\"").getBytes(StandardCharsets.UTF_8);
    int at = indexOf(utf8, "XX".getBytes(StandardCharsets.UTF_8));
    utf8[at] = (byte) 0xC3; // a two-byte lead byte ...
    utf8[at + 1] = (byte) 0x28; // ... followed by '(' instead of a continuation byte
    s.add(new Sample("invalid UTF-8", utf8, DeadLetterReason.INVALID_UTF8));
    return s;
  }

  /** A valid record stamped {@code ts}, with {@code extra} JSON members appended. */
  private static String base(String ts, String extra) {
    return "{\"@timestamp\":\""
        + ts
        + "\",\"session.id\":\"sess-h\",\"user.id\":\"acct-h\",\"source.ip\":\"198.51.100.7\","
        + "\"http.request.method\":\"GET\",\"url.path\":\"/api/v3/markets\","
        + "\"http.response.status_code\":200"
        + extra
        + "}";
  }

  /** {@link #base} with one required field replaced, or left out when {@code value} is null. */
  private static String with(String ts, String which, String value) {
    String session = "\"session.id\":\"sess-h\",";
    String user = "\"user.id\":\"acct-h\",";
    String ip = "\"source.ip\":\"198.51.100.7\",";
    String status = "\"http.response.status_code\":200";
    String json = base(ts, "");
    return switch (which) {
      case "session" -> json.replace(session, value == null ? "" : "\"session.id\":" + value + ",");
      case "user" -> json.replace(user, "\"user.id\":" + value + ",");
      case "ip" -> json.replace(ip, "\"source.ip\":" + value + ",");
      case "status" -> json.replace(status, "\"http.response.status_code\":" + value);
      default -> throw new IllegalArgumentException(which);
    };
  }

  private static Sample text(String name, String json, DeadLetterReason reason) {
    return new Sample(name, json.getBytes(StandardCharsets.UTF_8), reason);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("marker not found");
  }
}
