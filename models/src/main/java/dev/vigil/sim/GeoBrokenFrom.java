package dev.vigil.sim;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a {@link GeoNoise#BROKEN} feed goes bad: an offset from the window's start ({@code "1h"}),
 * or an instant ({@code "2026-11-02T01:00:00Z"}, RFC 3339). A GeoIP database update that goes bad
 * mid-stream hits every active session at once, which is the storm a kill-rate breaker exists for;
 * a feed broken from the window's start ({@link #WINDOW_START}, the default) meets sessions as they
 * begin.
 *
 * @param millis the offset in ms (>= 0), or the instant in epoch ms
 * @param instant whether {@code millis} is an instant rather than an offset
 */
public record GeoBrokenFrom(long millis, boolean instant) {
  /** Broken from the window's start: what {@code geo_noise: broken} did before this parameter. */
  public static final GeoBrokenFrom WINDOW_START = new GeoBrokenFrom(0, false);

  private static final Pattern OFFSET = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  public GeoBrokenFrom {
    if (!instant && millis < 0) {
      throw new IllegalArgumentException("geo_broken_from offset must be >= 0, got " + millis);
    }
  }

  /** The instant the feed breaks, for a window starting at {@code windowStartMs}. */
  public long at(long windowStartMs) {
    return instant ? millis : windowStartMs + millis;
  }

  /**
   * Parses an offset ({@code 90m}, {@code 1h}, {@code 2d}: digits and one of ms, s, m, h, d; or
   * ISO-8601 {@code PT1H30M}) or an RFC 3339 instant with its offset ({@code Z} or {@code +01:00}).
   *
   * @throws IllegalArgumentException naming the key and the accepted forms
   */
  public static GeoBrokenFrom parse(String text) {
    String s = text.trim();
    Matcher m = OFFSET.matcher(s);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
      return new GeoBrokenFrom(d.toMillis(), false);
    }
    try {
      if (s.startsWith("P") || s.startsWith("p")) {
        Duration d = Duration.parse(s);
        if (d.isNegative()) {
          throw new IllegalArgumentException(
              "geo_broken_from must not be a negative offset, got '" + text + "'");
        }
        return new GeoBrokenFrom(d.toMillis(), false);
      }
      return new GeoBrokenFrom(OffsetDateTime.parse(s).toInstant().toEpochMilli(), true);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "geo_broken_from must be an offset from the window's start (e.g. 90m, 1h, PT1H30M) or"
              + " an RFC 3339 instant (e.g. 2026-11-02T01:00:00Z), got '"
              + text
              + "'");
    }
  }

  @Override
  public String toString() {
    return instant ? java.time.Instant.ofEpochMilli(millis).toString() : millis + " ms";
  }
}
