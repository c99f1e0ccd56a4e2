package dev.vigil.core.volume;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * The timestamp forms {@code vigil series} reads, told apart by the first timestamp of a file:
 * epoch seconds (up to 11 digits, an optional fraction) or milliseconds (12 to 14 digits), ISO-8601
 * with a zone or offset ({@code 2026-01-05T13:00:00Z}, {@code ...+01:00}, {@code
 * ...+01:00[Europe/Paris]}), ISO-8601 without one ({@code 2026-01-05T13:00:00}, read as UTC), the
 * same with a space for the T ({@code 2026-01-05 13:00:00}, as spreadsheets and databases write it;
 * UTC unless an offset follows) and a bare date ({@code 2026-01-05}, midnight UTC).
 */
public enum SeriesTimestamps {
  EPOCH_SECONDS("epoch seconds"),
  EPOCH_MILLIS("epoch milliseconds"),
  ISO_ZONED("ISO-8601 with a zone or offset"),
  ISO_LOCAL("ISO-8601 without a zone, read as UTC"),
  SPACED_ZONED("'YYYY-MM-DD HH:MM:SS' with an offset"),
  SPACED_LOCAL("'YYYY-MM-DD HH:MM:SS', read as UTC"),
  DATE("dates 'YYYY-MM-DD', read as midnight UTC");

  /** What to tell a user whose timestamps are in none of the forms. */
  public static final String FORMS =
      "epoch seconds or milliseconds, ISO-8601 (2026-01-05T13:00:00Z, with or without a zone)"
          + " or 'YYYY-MM-DD HH:MM:SS'";

  private final String description;

  SeriesTimestamps(String description) {
    this.description = description;
  }

  /** How the form is named to the user, e.g. "epoch seconds". */
  public String description() {
    return description;
  }

  /**
   * The form of {@code ts}.
   *
   * @throws IllegalArgumentException naming the forms read, if it is in none of them
   */
  public static SeriesTimestamps detect(String ts) {
    int digits = leadingDigits(ts);
    if (digits == ts.length() || (digits > 0 && isFraction(ts, digits))) {
      if (digits <= 11) {
        return EPOCH_SECONDS;
      }
      if (digits <= 14) {
        return EPOCH_MILLIS;
      }
      throw new IllegalArgumentException(
          "timestamp '"
              + ts
              + "' has "
              + digits
              + " digits: microseconds or nanoseconds? divide to epoch milliseconds");
    }
    boolean spaced = ts.length() > 11 && ts.charAt(10) == ' ';
    String iso = spaced ? ts.substring(0, 10) + 'T' + ts.substring(11).strip() : ts;
    try {
      if (iso.length() == 10) {
        LocalDate.parse(iso);
        return DATE;
      }
      TemporalAccessor t =
          DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, ZonedDateTime::from, LocalDateTime::from);
      boolean zoned = t instanceof ZonedDateTime;
      return spaced ? (zoned ? SPACED_ZONED : SPACED_LOCAL) : (zoned ? ISO_ZONED : ISO_LOCAL);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "timestamp '" + ts + "' is in none of the forms read: " + FORMS, e);
    }
  }

  /**
   * Epoch milliseconds of {@code ts}, which must be in this form.
   *
   * @throws IllegalArgumentException if it is not
   */
  public long toEpochMillis(String ts) {
    try {
      return switch (this) {
        case EPOCH_SECONDS -> Math.round(Double.parseDouble(digitsOnly(ts)) * 1000);
        case EPOCH_MILLIS -> Math.round(Double.parseDouble(digitsOnly(ts)));
        case DATE -> LocalDate.parse(ts).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        case ISO_ZONED -> ZonedDateTime.parse(ts).toInstant().toEpochMilli();
        case ISO_LOCAL -> LocalDateTime.parse(ts).toInstant(ZoneOffset.UTC).toEpochMilli();
        case SPACED_ZONED -> ZonedDateTime.parse(spacedToIso(ts)).toInstant().toEpochMilli();
        case SPACED_LOCAL ->
            LocalDateTime.parse(spacedToIso(ts)).toInstant(ZoneOffset.UTC).toEpochMilli();
      };
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException("timestamp '" + ts + "' is not " + description, e);
    }
  }

  private static String digitsOnly(String ts) {
    if (ts.isEmpty() || ts.charAt(0) < '0' || ts.charAt(0) > '9') {
      throw new NumberFormatException(ts);
    }
    return ts;
  }

  private static String spacedToIso(String ts) {
    if (ts.length() <= 11 || ts.charAt(10) != ' ') {
      throw new DateTimeParseException("no space after the date", ts, 0);
    }
    return ts.substring(0, 10) + 'T' + ts.substring(11).strip();
  }

  private static int leadingDigits(String ts) {
    int i = 0;
    while (i < ts.length() && ts.charAt(i) >= '0' && ts.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  private static boolean isFraction(String ts, int at) {
    if (ts.charAt(at) != '.' || at + 1 >= ts.length()) {
      return false;
    }
    return leadingDigits(ts.substring(at + 1)) == ts.length() - at - 1;
  }
}
