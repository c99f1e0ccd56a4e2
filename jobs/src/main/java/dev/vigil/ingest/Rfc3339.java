package dev.vigil.ingest;

/**
 * Allocation-free parser for RFC 3339 section 5.6 {@code date-time}: {@code
 * YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)}.
 *
 * <p>Accepted as the RFC allows: lower-case {@code t} and {@code z}, and a space instead of {@code
 * T} (the note in section 5.6). {@code -00:00} is read as UTC. Limits, stated rather than silent:
 * the fraction has 1 to 9 digits and is truncated (not rounded) to milliseconds; a leap second
 * ({@code :60}) is rejected, as {@code java.time} does; offsets range over {@code ±23:59}; years
 * are 0000-9999. Day of month is checked against the month, with Gregorian leap years.
 *
 * <p>Epoch days come from Howard Hinnant's {@code days_from_civil}, "chrono-Compatible Low-Level
 * Date Algorithms", https://howardhinnant.github.io/date_algorithms.html, exact for the proleptic
 * Gregorian calendar.
 */
public final class Rfc3339 {

  /** Returned by {@link #parseMillis} for any text that is not a valid RFC 3339 date-time. */
  public static final long INVALID = Long.MIN_VALUE;

  private static final int MIN_LENGTH = "0000-00-00T00:00:00Z".length();

  private Rfc3339() {}

  /**
   * Milliseconds since the epoch (UTC) of an RFC 3339 date-time, or {@link #INVALID}. Never throws;
   * a null argument yields {@link #INVALID}. No valid input maps to {@link #INVALID}, since years
   * are bounded to 0000-9999.
   */
  public static long parseMillis(CharSequence s) {
    if (s == null) {
      return INVALID;
    }
    int n = s.length();
    if (n < MIN_LENGTH) {
      return INVALID;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || !isDateTimeSeparator(s.charAt(10))
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return INVALID;
    }
    if (month < 1
        || month > 12
        || day < 1
        || day > daysInMonth(year, month)
        || hour > 23
        || minute > 59
        || second > 59) {
      return INVALID;
    }
    int i = 19;
    int millis = 0;
    if (s.charAt(i) == '.') {
      i++;
      int start = i;
      while (i < n && isDigit(s.charAt(i))) {
        if (i - start < 3) {
          millis = millis * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      int count = i - start;
      if (count == 0 || count > 9) {
        return INVALID;
      }
      for (int k = count; k < 3; k++) {
        millis *= 10;
      }
    }
    if (i >= n) {
      return INVALID;
    }
    char zone = s.charAt(i);
    int offsetMinutes;
    if (zone == 'Z' || zone == 'z') {
      offsetMinutes = 0;
      i++;
    } else if (zone == '+' || zone == '-') {
      if (n - i != 6 || s.charAt(i + 3) != ':') {
        return INVALID;
      }
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if (oh < 0 || om < 0 || oh > 23 || om > 59) {
        return INVALID;
      }
      offsetMinutes = (zone == '-' ? -1 : 1) * (oh * 60 + om);
      i += 6;
    } else {
      return INVALID;
    }
    if (i != n) {
      return INVALID;
    }
    long days = daysFromCivil(year, month, day);
    long seconds = days * 86_400L + hour * 3_600L + minute * 60L + second - offsetMinutes * 60L;
    return seconds * 1_000L + millis;
  }

  /**
   * Days since 1970-01-01 of a proleptic Gregorian date (Hinnant, {@code days_from_civil}); exact
   * for any year representable in an int.
   */
  static long daysFromCivil(int year, int month, int day) {
    long y = month <= 2 ? year - 1L : year;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400; // [0, 399]
    long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1; // [0, 365]
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    return era * 146_097 + doe - 719_468;
  }

  static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  private static boolean isDateTimeSeparator(char c) {
    return c == 'T' || c == 't' || c == ' ';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The decimal value of {@code len} ASCII digits at {@code at}, or -1. */
  private static int digits(CharSequence s, int at, int len) {
    int v = 0;
    for (int k = at; k < at + len; k++) {
      char c = s.charAt(k);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
