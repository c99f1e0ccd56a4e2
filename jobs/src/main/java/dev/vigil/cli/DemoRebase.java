package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Moves the demo's simulated clock to the present on the way to Kafka: by a whole number of hours,
 * the most that leaves the live window's end at least {@link #MARGIN_MS} (ten minutes) before the
 * demo starts sending, so the traffic is recent history, never from the future, as before the
 * traffic was generated at a fixed time ({@link DemoSimulation}).
 *
 * <p>Only the time changes: the {@code @timestamp} of a simulator line (its first field, written
 * {@code uuuu-MM-ddTHH:mm:ss.SSSZ}) and its {@code exchange.request.timestamp} (epoch milliseconds)
 * move by the same offset. Whole hours keep minutes, seconds and milliseconds as written, and move
 * every event alike, so what the job learns and scores (gaps, rates, each account's hours of
 * activity) is the same at any offset. Nonces stay as written: the job only compares a key's nonces
 * with each other (replays, the high-water mark). Lines are in time order: the hour's new text is
 * cached and a line costs a byte copy, one search for the request timestamp and no parsing of
 * dates: O(line). Lines of another shape are sent as they are.
 */
final class DemoRebase {
  /** The live window ends at least this long before the demo starts sending. */
  static final long MARGIN_MS = 10 * 60_000L;

  private static final long HOUR_MS = 3_600_000L;
  private static final String PREFIX = "{\"@timestamp\":\"";
  private static final int HOUR_FROM = PREFIX.length();
  private static final int HOUR_LENGTH = "uuuu-MM-ddTHH".length();
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH").withZone(ZoneOffset.UTC);
  private static final byte[] REQUEST_TIME =
      ",\"exchange.request.timestamp\":".getBytes(StandardCharsets.US_ASCII);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> LABEL_TIMES =
      List.of("first_event_time", "last_event_time", "takeover_time", "last_attacker_time");

  private final long offsetMs;
  private String cachedFrom = "";
  private byte[] cachedTo = new byte[0];

  private DemoRebase(long offsetMs) {
    this.offsetMs = offsetMs;
  }

  /**
   * The offset that moves a window ending at {@code windowEndMs} to end at least ten minutes and
   * less than an hour and ten minutes before {@code nowMs}.
   */
  static DemoRebase endingBefore(long windowEndMs, long nowMs) {
    return new DemoRebase(Math.floorDiv(nowMs - MARGIN_MS - windowEndMs, HOUR_MS) * HOUR_MS);
  }

  /** Moves by {@code hours} (for tests). */
  static DemoRebase byHours(long hours) {
    return new DemoRebase(hours * HOUR_MS);
  }

  /** How far the clock moves, in milliseconds (a whole number of hours). */
  long offsetMs() {
    return offsetMs;
  }

  /** {@code line} as UTF-8, its times moved. */
  byte[] apply(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    if (offsetMs == 0 || !line.startsWith(PREFIX) || b.length < HOUR_FROM + HOUR_LENGTH) {
      return b;
    }
    if (!line.regionMatches(HOUR_FROM, cachedFrom, 0, HOUR_LENGTH)) {
      String from = line.substring(HOUR_FROM, HOUR_FROM + HOUR_LENGTH);
      LocalDateTime t;
      try {
        t = LocalDateTime.parse(from + ":00:00");
      } catch (java.time.format.DateTimeParseException e) {
        return b; // not a simulator line
      }
      byte[] to =
          HOUR.format(t.toInstant(ZoneOffset.UTC).plusMillis(offsetMs))
              .getBytes(StandardCharsets.US_ASCII);
      if (to.length != HOUR_LENGTH) {
        return b; // beyond year 9999: left as written
      }
      cachedFrom = from;
      cachedTo = to;
    }
    System.arraycopy(cachedTo, 0, b, HOUR_FROM, HOUR_LENGTH);
    return moveRequestTime(b);
  }

  /** Adds the offset to {@code "exchange.request.timestamp":N} when the line has it. */
  private byte[] moveRequestTime(byte[] b) {
    int at = indexOf(b, REQUEST_TIME, HOUR_FROM + HOUR_LENGTH);
    if (at < 0) {
      return b;
    }
    int from = at + REQUEST_TIME.length;
    int to = from;
    boolean negative = to < b.length && b[to] == '-';
    if (negative) {
      to++;
    }
    long value = 0;
    int digits = 0;
    while (to < b.length && b[to] >= '0' && b[to] <= '9' && digits < 18) {
      value = value * 10 + (b[to] - '0');
      to++;
      digits++;
    }
    if (digits == 0) {
      return b;
    }
    byte[] moved =
        Long.toString((negative ? -value : value) + offsetMs).getBytes(StandardCharsets.US_ASCII);
    if (moved.length == to - from) {
      System.arraycopy(moved, 0, b, from, moved.length);
      return b;
    }
    byte[] out = new byte[b.length - (to - from) + moved.length];
    System.arraycopy(b, 0, out, 0, from);
    System.arraycopy(moved, 0, out, from, moved.length);
    System.arraycopy(b, to, out, from + moved.length, b.length - to);
    return out;
  }

  /**
   * Writes {@code labels} (the simulator's labels.jsonl) to {@code out} with its times moved (the
   * first and last event, the takeover, the last attacker event and every attacker event time), so
   * that the evaluation compares the job's commands, stamped in the moved clock, with labels in the
   * same clock. Everything else is copied as it is. O(labels).
   */
  void labels(Path labels, Path out) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(labels, StandardCharsets.UTF_8);
        BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        ObjectNode label = (ObjectNode) JSON.readTree(line);
        for (String field : LABEL_TIMES) {
          JsonNode t = label.get(field);
          if (t != null && t.isIntegralNumber()) {
            label.put(field, t.longValue() + offsetMs);
          }
        }
        JsonNode times = label.get("attacker_event_times");
        if (times instanceof ArrayNode a) {
          for (int i = 0; i < a.size(); i++) {
            a.set(i, a.numberNode(a.get(i).longValue() + offsetMs));
          }
        }
        w.write(JSON.writeValueAsString(label));
        w.newLine();
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle, int start) {
    outer:
    for (int i = start; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
