package dev.vigil.sim;

/**
 * A country with one representative city (coordinates for geolocation) and its UTC offset in
 * minutes in November (southern-hemisphere daylight time included).
 */
public record Country(String code, String city, double lat, double lon, int utcOffsetMinutes) {

  /** Great-circle distance in km (haversine, mean Earth radius 6371 km; error < 0.5%). */
  public double distanceKm(Country o) {
    double p1 = Math.toRadians(lat);
    double p2 = Math.toRadians(o.lat);
    double dp = p2 - p1;
    double dl = Math.toRadians(o.lon - lon);
    double a =
        Math.sin(dp / 2) * Math.sin(dp / 2)
            + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
  }
}
