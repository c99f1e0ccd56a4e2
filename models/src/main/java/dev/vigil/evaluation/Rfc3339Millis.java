package dev.vigil.evaluation;

import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * Reads the one date-time form the simulator writes, {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (24
 * characters, UTC, milliseconds), straight from characters, as {@link java.time.Instant#parse}
 * would read it; anything else (another length, an offset, a lower-case letter, a leap second, a
 * day the month does not have) is {@link #OTHER}, for the caller to hand to {@code Instant.parse}.
 * O(1), no allocation.
 */
final class Rfc3339Millis {
  /** Not of the simulator's form. */
  static final long OTHER = Long.MIN_VALUE;

  private Rfc3339Millis() {}

  static long parse(char[] c, int offset, int length) {
    if (length != 24
        || c[offset + 4] != '-'
        || c[offset + 7] != '-'
        || c[offset + 10] != 'T'
        || c[offset + 13] != ':'
        || c[offset + 16] != ':'
        || c[offset + 19] != '.'
        || c[offset + 23] != 'Z') {
      return OTHER;
    }
    int year = digits(c, offset, 4);
    int month = digits(c, offset + 5, 2);
    int day = digits(c, offset + 8, 2);
    int hour = digits(c, offset + 11, 2);
    int minute = digits(c, offset + 14, 2);
    int second = digits(c, offset + 17, 2);
    int millis = digits(c, offset + 20, 3);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > Month.of(month).length(Year.isLeap(year))
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || millis < 0) {
      return OTHER;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return ((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
  }

  /** The decimal value of {@code n} digits, or -1 if one is not a digit. */
  private static int digits(char[] c, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      int d = c[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }
}
