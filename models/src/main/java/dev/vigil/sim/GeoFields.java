package dev.vigil.sim;

import java.nio.charset.StandardCharsets;

/**
 * Writes the GeoIP part of an event: the address, AS and country of its {@link Origin}, its
 * location (moved within the accuracy radius when the world has {@link GeoNoise}), {@code
 * source.geo.accuracy_radius_km} and {@code source.network.type} (residential, mobile, hosting for
 * cloud regions, vpn), as a GeoIP ISP / anonymous-IP database would give them.
 *
 * <p>Noise is a hash of the seed and the address (per network) or the event counter (per request),
 * not a draw from a behaviour's random stream, so a noisy world makes the same requests at the same
 * instants as a quiet one. A point is moved uniformly over the disc of the radius (distance {@code
 * R sqrt(u)}, uniform bearing) on a local flat-Earth approximation (error below 1% up to 1,000 km
 * away from the poles); latitudes are clamped to [-89, 89] and longitudes wrapped.
 */
final class GeoFields {
  private static final double KM_PER_DEGREE = 111.195;
  private static final byte[][] TYPE = new byte[NetworkType.values().length][];

  static {
    for (NetworkType t : NetworkType.values()) {
      TYPE[t.ordinal()] =
          (",\"source.network.type\":\"" + t.wireName() + "\"").getBytes(StandardCharsets.US_ASCII);
    }
  }

  private final GeoNoise noise;
  private final double radiusKm;
  private final long seed;
  private final byte[] radiusJson;
  private final long brokenFromMs;

  GeoFields(WorldParameters world, long seed, long brokenFromMs) {
    this.brokenFromMs = brokenFromMs;
    this.noise = world.geoNoise();
    this.radiusKm = world.geoAccuracyKm();
    this.seed = seed;
    this.radiusJson =
        (",\"source.geo.accuracy_radius_km\":" + Math.round(radiusKm))
            .getBytes(StandardCharsets.US_ASCII);
  }

  /** Appends the fields of {@code o} for the event numbered {@code counter} at {@code timeMs}. */
  void render(ByteBuf b, Origin o, long counter, long timeMs) {
    if (noise == GeoNoise.BROKEN) {
      if (timeMs < brokenFromMs) {
        b.put(o.json);
        b.put(radiusJson);
        b.put(TYPE[o.asn().type().ordinal()]);
      } else {
        // Uniform on the sphere: latitude asin(2u - 1), longitude uniform.
        long h = Rand.mix(seed * 31 + counter);
        double u = (h >>> 11) * 0x1.0p-53;
        double v = (Rand.mix(h) >>> 11) * 0x1.0p-53;
        b.put(o.head);
        b.ascii(",\"source.geo.location\":{\"lat\":")
            .ascii(Origin.coordinate(Math.toDegrees(Math.asin(2 * u - 1))))
            .ascii(",\"lon\":")
            .ascii(Origin.coordinate(360 * v - 180))
            .put((byte) '}');
        b.put(radiusJson);
        b.put(TYPE[NetworkType.RESIDENTIAL.ordinal()]);
      }
      return;
    }
    if (noise == GeoNoise.NONE) {
      b.put(o.json);
    } else {
      long h =
          noise == GeoNoise.PER_NETWORK ? Rand.mix(seed ^ o.key) : Rand.mix(seed * 31 + counter);
      double[] p = moved(o.lat(), o.lon(), radiusKm, h);
      b.put(o.head);
      b.ascii(",\"source.geo.location\":{\"lat\":")
          .ascii(Origin.coordinate(p[0]))
          .ascii(",\"lon\":")
          .ascii(Origin.coordinate(p[1]))
          .put((byte) '}');
    }
    b.put(radiusJson);
    b.put(TYPE[o.asn().type().ordinal()]);
  }

  /** {@code (lat, lon)} moved to a point of the disc of {@code radiusKm} chosen by {@code hash}. */
  static double[] moved(double lat, double lon, double radiusKm, long hash) {
    double u = (hash >>> 11) * 0x1.0p-53;
    double v = (Rand.mix(hash) >>> 11) * 0x1.0p-53;
    double r = radiusKm * Math.sqrt(u);
    double bearing = 2 * Math.PI * v;
    double dLat = r * Math.cos(bearing) / KM_PER_DEGREE;
    double cos = Math.max(0.01, Math.cos(Math.toRadians(lat)));
    double dLon = r * Math.sin(bearing) / (KM_PER_DEGREE * cos);
    double newLat = Math.max(-89, Math.min(89, lat + dLat));
    double newLon = lon + dLon;
    if (newLon > 180) {
      newLon -= 360;
    } else if (newLon < -180) {
      newLon += 360;
    }
    return new double[] {newLat, newLon};
  }
}
