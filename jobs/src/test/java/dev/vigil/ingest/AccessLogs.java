package dev.vigil.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds JSON access-log lines for tests: the required fields, plus or minus members. */
final class AccessLogs {

  static final String TIMESTAMP = "2026-01-31T12:00:00.250Z";
  static final long TIMESTAMP_MILLIS = Instant.parse(TIMESTAMP).toEpochMilli();

  /** One second after the event, as a Kafka record time would be. */
  static final long INGESTED_AT = TIMESTAMP_MILLIS + 1_000;

  static final String[] REQUIRED = {
    "\"@timestamp\":\"" + TIMESTAMP + "\"",
    "\"session.id\":\"sess-1\"",
    "\"user.id\":\"acct-1\"",
    "\"source.ip\":\"203.0.113.7\"",
    "\"http.request.method\":\"POST\"",
    "\"url.path\":\"/api/v3/order\"",
    "\"http.response.status_code\":200"
  };

  private AccessLogs() {}

  /** The required members, with any whose key starts a member of {@code replace} replaced. */
  static String line(String... members) {
    StringBuilder out = new StringBuilder("{");
    for (String required : REQUIRED) {
      String key = required.substring(0, required.indexOf(':'));
      if (!overrides(key, members)) {
        append(out, required);
      }
    }
    for (String m : members) {
      if (!m.startsWith("-")) {
        append(out, m);
      }
    }
    return out.append('}').toString();
  }

  /** The required members without {@code key} (an ECS name) plus {@code members}. */
  static String lineWithout(String key, String... members) {
    String[] all = new String[members.length + 1];
    all[0] = "-\"" + key + "\"";
    System.arraycopy(members, 0, all, 1, members.length);
    return line(all);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean overrides(String key, String[] members) {
    for (String m : members) {
      String k = m.startsWith("-") ? m.substring(1) : m;
      if (k.startsWith(key + ":") || k.equals(key)) {
        return true;
      }
    }
    return false;
  }

  private static void append(StringBuilder out, String member) {
    if (out.length() > 1) {
      out.append(',');
    }
    out.append(member);
  }
}
