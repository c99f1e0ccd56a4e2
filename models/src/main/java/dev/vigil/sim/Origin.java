package dev.vigil.sim;

/**
 * Where requests come from: an address in an AS, located at a point near the AS country's city. The
 * JSON of its fields is rendered once, since it is repeated on every request from it.
 */
public final class Origin {
  private final String ip;
  private final Asn asn;
  private final double lat;
  private final double lon;
  final byte[] json;

  /** The JSON of the address, AS and country, without the location (for GeoIP noise). */
  final byte[] head;

  /** A hash of the address and its AS: what per-network GeoIP noise is drawn from. */
  final long key;

  public Origin(String ip, Asn asn, double lat, double lon) {
    this.ip = ip;
    this.asn = asn;
    this.lat = lat;
    this.lon = lon;
    ByteBuf b = new ByteBuf(256);
    b.ascii(",\"source.ip\":").string(ip);
    b.ascii(",\"source.as.number\":").number(asn.number());
    b.ascii(",\"source.as.organization.name\":").string(asn.organization());
    b.ascii(",\"source.geo.country_iso_code\":").string(asn.country().code());
    head = b.toArray();
    key = Rand.mix(ip.hashCode() * 31L + asn.row());
    b.ascii(",\"source.geo.location\":{\"lat\":")
        .ascii(coordinate(lat))
        .ascii(",\"lon\":")
        .ascii(coordinate(lon))
        .put((byte) '}');
    json = b.toArray();
  }

  /** A fresh address in {@code asn}, within ~30 km of its city. */
  public static Origin in(java.util.SplittableRandom rng, Asn asn) {
    Country c = asn.country();
    double lat = c.lat() + (rng.nextDouble() - 0.5) * 0.5;
    double lon = c.lon() + (rng.nextDouble() - 0.5) * 0.5;
    return new Origin(Networks.address(rng, asn), asn, lat, lon);
  }

  static String coordinate(double v) {
    return Double.toString(Math.round(v * 10000) / 10000.0);
  }

  public String ip() {
    return ip;
  }

  public Asn asn() {
    return asn;
  }

  public double lat() {
    return lat;
  }

  public double lon() {
    return lon;
  }
}
