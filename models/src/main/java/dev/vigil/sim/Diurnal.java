package dev.vigil.sim;

/**
 * Activity by local hour of day. The retail profile follows the familiar shape of consumer trading
 * apps (trough 02:00-05:00, rise through the morning, peak 19:00-22:00); institutional desks work
 * 08:00-18:00 on weekdays.
 */
public final class Diurnal {
  private static final double[] RETAIL = {
    0.50, 0.30, 0.20, 0.15, 0.15, 0.20, 0.40, 0.70, 0.90, 1.00, 1.00, 1.00,
    1.10, 1.00, 1.00, 1.00, 1.10, 1.20, 1.40, 1.60, 1.80, 1.80, 1.40, 0.90
  };
  private static final double WEEKEND_DESK = 0.03;

  private Diurnal() {}

  /** Relative retail activity in local hour {@code h} (0-23); the mean over a day is 1. */
  public static double retail(int h) {
    return RETAIL[h] / meanRetail();
  }

  private static double meanRetail() {
    double s = 0;
    for (double w : RETAIL) {
      s += w;
    }
    return s / 24;
  }

  static double retailMax() {
    return 1.80 / meanRetail();
  }

  /** Relative institutional activity; {@code dayOfWeek} 1 = Monday ... 7 = Sunday. */
  static double institutional(int h, int dayOfWeek) {
    if (dayOfWeek >= 6) {
      return WEEKEND_DESK;
    }
    return h >= 8 && h < 18 ? 2.4 : WEEKEND_DESK;
  }

  static double institutionalMax() {
    return 2.4;
  }

  /** Local hour of {@code epochMillis} at UTC offset {@code offsetMinutes}. */
  public static int localHour(long epochMillis, int offsetMinutes) {
    long local = epochMillis + offsetMinutes * 60_000L;
    return (int) Math.floorMod(local / 3_600_000L, 24L);
  }

  /** ISO day of week (1 = Monday) of {@code epochMillis} at the offset. */
  static int localDayOfWeek(long epochMillis, int offsetMinutes) {
    long days = Math.floorDiv(epochMillis + offsetMinutes * 60_000L, 86_400_000L);
    return (int) Math.floorMod(days + 3, 7L) + 1; // 1970-01-01 was a Thursday
  }
}
