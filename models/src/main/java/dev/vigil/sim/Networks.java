package dev.vigil.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Built-in countries and autonomous systems. AS numbers and names are real operators' (for
 * realistic-looking features); addresses are synthetic, taken from the benchmarking range
 * 198.18.0.0/15 (RFC 2544) and, for some mobile clients, the documentation prefix 2001:db8::/32
 * (RFC 3849), so that no real host is named.
 */
public final class Networks {
  private static final int HOSTS_PER_ROW = 2048;
  private static final int IPV4_BASE = (198 << 24) | (18 << 16);

  public static final List<Country> COUNTRIES = new ArrayList<>();
  public static final List<Asn> ASNS = new ArrayList<>();

  /** Relative weights of retail home countries, parallel to {@link #COUNTRIES}. */
  private static final List<Double> RETAIL_WEIGHTS = new ArrayList<>();

  static {
    c("US", "New York", 40.71, -74.01, -300, 18);
    c("GB", "London", 51.51, -0.13, 0, 6);
    c("DE", "Frankfurt", 50.11, 8.68, 60, 7);
    c("FR", "Paris", 48.86, 2.35, 60, 4);
    c("NL", "Amsterdam", 52.37, 4.90, 60, 3);
    c("IE", "Dublin", 53.35, -6.26, 0, 1);
    c("CH", "Zurich", 47.37, 8.54, 60, 1);
    c("ES", "Madrid", 40.42, -3.70, 60, 3);
    c("IT", "Milan", 45.46, 9.19, 60, 3);
    c("PL", "Warsaw", 52.23, 21.01, 60, 2);
    c("FI", "Helsinki", 60.17, 24.94, 120, 1);
    c("BE", "Brussels", 50.85, 4.35, 60, 1);
    c("TR", "Istanbul", 41.01, 28.98, 180, 7);
    c("AE", "Dubai", 25.20, 55.27, 240, 2);
    c("IN", "Mumbai", 19.08, 72.88, 330, 6);
    c("SG", "Singapore", 1.35, 103.82, 480, 3);
    c("HK", "Hong Kong", 22.32, 114.17, 480, 3);
    c("TW", "Taipei", 25.03, 121.57, 480, 2);
    c("JP", "Tokyo", 35.68, 139.69, 540, 5);
    c("KR", "Seoul", 37.57, 126.98, 540, 8);
    c("VN", "Ho Chi Minh City", 10.82, 106.63, 420, 5);
    c("AU", "Sydney", -33.87, 151.21, 660, 3);
    c("BR", "Sao Paulo", -23.55, -46.63, -180, 5);
    c("AR", "Buenos Aires", -34.60, -58.38, -180, 2);
    c("CA", "Toronto", 43.65, -79.38, -300, 3);
    c("NG", "Lagos", 6.52, 3.38, 60, 2);
    c("ZA", "Johannesburg", -26.20, 28.05, 120, 1);

    r(7922, "Comcast Cable Communications, LLC", "US");
    r(7018, "AT&T Services, Inc.", "US");
    r(20115, "Charter Communications Inc", "US");
    r(2856, "British Telecommunications PLC", "GB");
    r(5089, "Virgin Media Limited", "GB");
    r(3320, "Deutsche Telekom AG", "DE");
    r(3215, "Orange S.A.", "FR");
    r(1136, "KPN B.V.", "NL");
    r(5466, "Eircom Limited", "IE");
    r(3303, "Swisscom (Schweiz) AG", "CH");
    r(3352, "Telefonica de Espana S.A.U.", "ES");
    r(3269, "Telecom Italia S.p.A.", "IT");
    r(5617, "Orange Polska Spolka Akcyjna", "PL");
    r(719, "Elisa Oyj", "FI");
    r(5432, "Proximus NV", "BE");
    r(9121, "Turk Telekomunikasyon Anonim Sirketi", "TR");
    r(5384, "Emirates Telecommunications Corporation", "AE");
    r(9498, "Bharti Airtel Ltd.", "IN");
    r(9506, "Singtel Fibre Broadband", "SG");
    r(4760, "HKT Limited", "HK");
    r(3462, "Chunghwa Telecom Co., Ltd.", "TW");
    r(4713, "NTT Communications Corporation", "JP");
    r(4766, "Korea Telecom", "KR");
    r(7552, "Viettel Group", "VN");
    r(1221, "Telstra Limited", "AU");
    r(18881, "TELEFONICA BRASIL S.A", "BR");
    r(7303, "Telecom Argentina S.A.", "AR");
    r(812, "Rogers Communications Canada Inc.", "CA");
    r(29465, "MTN NIGERIA Communication limited", "NG");
    r(3741, "Dimension Data", "ZA");

    m(21928, "T-Mobile USA, Inc.", "US");
    m(22394, "Cellco Partnership DBA Verizon Wireless", "US");
    m(12576, "EE Limited", "GB");
    m(3209, "Vodafone GmbH", "DE");
    m(51207, "Free Mobile SAS", "FR");
    m(16135, "Turkcell Iletisim Hizmetleri A.S.", "TR");
    m(55836, "Reliance Jio Infocomm Limited", "IN");
    m(17676, "SoftBank Corp.", "JP");
    m(9644, "SK Telecom", "KR");
    m(45899, "VNPT Corp", "VN");
    m(26599, "TELEFONICA BRASIL S.A", "BR");

    cl(16509, "Amazon.com, Inc.", "US");
    cl(16509, "Amazon.com, Inc.", "IE");
    cl(16509, "Amazon.com, Inc.", "JP");
    cl(16509, "Amazon.com, Inc.", "SG");
    cl(396982, "Google LLC", "US");
    cl(396982, "Google LLC", "BE");
    cl(396982, "Google LLC", "TW");
    cl(8075, "Microsoft Corporation", "US");
    cl(8075, "Microsoft Corporation", "NL");
    cl(24940, "Hetzner Online GmbH", "DE");
    cl(24940, "Hetzner Online GmbH", "FI");
    cl(16276, "OVH SAS", "FR");
    cl(16276, "OVH SAS", "CA");
    cl(14061, "DigitalOcean, LLC", "US");
    cl(14061, "DigitalOcean, LLC", "SG");

    v(9009, "M247 Europe SRL", "NL");
    v(9009, "M247 Europe SRL", "US");
    v(60068, "Datacamp Limited", "GB");
    v(20473, "The Constant Company, LLC", "US");
    v(51167, "Contabo GmbH", "DE");
    v(60781, "LeaseWeb Netherlands B.V.", "NL");
    if (ASNS.size() * HOSTS_PER_ROW > (1 << 17)) {
      throw new IllegalStateException("network table outgrew 198.18.0.0/15");
    }
  }

  private Networks() {}

  private static void c(String code, String city, double lat, double lon, int off, double w) {
    COUNTRIES.add(new Country(code, city, lat, lon, off));
    RETAIL_WEIGHTS.add(w);
  }

  private static void r(long n, String org, String cc) {
    add(n, org, NetworkType.RESIDENTIAL, cc);
  }

  private static void m(long n, String org, String cc) {
    add(n, org, NetworkType.MOBILE, cc);
  }

  private static void cl(long n, String org, String cc) {
    add(n, org, NetworkType.CLOUD, cc);
  }

  private static void v(long n, String org, String cc) {
    add(n, org, NetworkType.VPN, cc);
  }

  private static void add(long n, String org, NetworkType t, String cc) {
    ASNS.add(new Asn(ASNS.size(), n, org, t, country(cc)));
  }

  public static Country country(String code) {
    for (Country c : COUNTRIES) {
      if (c.code().equals(code)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no country " + code);
  }

  /** A retail home country, weighted by where exchange users live. */
  public static Country retailHome(SplittableRandom rng) {
    double total = 0;
    for (double w : RETAIL_WEIGHTS) {
      total += w;
    }
    double u = rng.nextDouble() * total;
    for (int i = 0; i < COUNTRIES.size(); i++) {
      u -= RETAIL_WEIGHTS.get(i);
      if (u < 0) {
        return COUNTRIES.get(i);
      }
    }
    return COUNTRIES.get(0);
  }

  /**
   * An AS of {@code type} in {@code country}, or of that type anywhere when the country has none.
   */
  public static Asn pick(SplittableRandom rng, NetworkType type, Country country) {
    List<Asn> local = new ArrayList<>();
    List<Asn> any = new ArrayList<>();
    for (Asn a : ASNS) {
      if (a.type() == type) {
        any.add(a);
        if (a.country().equals(country)) {
          local.add(a);
        }
      }
    }
    List<Asn> from = local.isEmpty() ? any : local;
    return from.get(rng.nextInt(from.size()));
  }

  /** An AS of {@code type} anywhere except {@code avoid} (if possible). */
  public static Asn pickAbroad(SplittableRandom rng, NetworkType type, Country avoid) {
    List<Asn> from = new ArrayList<>();
    for (Asn a : ASNS) {
      if (a.type() == type && !a.country().equals(avoid)) {
        from.add(a);
      }
    }
    return from.get(rng.nextInt(from.size()));
  }

  /** Another AS of the same operator (same AS number) in a different region, or null. */
  public static Asn otherRegion(SplittableRandom rng, Asn asn) {
    List<Asn> from = new ArrayList<>();
    for (Asn a : ASNS) {
      if (a.number() == asn.number() && a.row() != asn.row()) {
        from.add(a);
      }
    }
    return from.isEmpty() ? null : from.get(rng.nextInt(from.size()));
  }

  /** A network of the same type as {@code asn} run by another operator (AS number), anywhere. */
  public static Asn otherProvider(SplittableRandom rng, Asn asn) {
    List<Asn> from = new ArrayList<>();
    for (Asn a : ASNS) {
      if (a.type() == asn.type() && a.number() != asn.number()) {
        from.add(a);
      }
    }
    return from.get(rng.nextInt(from.size()));
  }

  /** A client address of {@code asn}: IPv4 text, or for mobile networks sometimes IPv6. */
  public static String address(SplittableRandom rng, Asn asn) {
    if (asn.type() == NetworkType.MOBILE && rng.nextDouble() < 0.4) {
      // RFC 5952 canonical: lower-case hex, no leading zeros, the 3-group zero run compressed.
      return "2001:db8:"
          + Integer.toHexString(asn.row() + 1)
          + ":"
          + Integer.toHexString(1 + rng.nextInt(0xfffe))
          + "::"
          + Integer.toHexString(1 + rng.nextInt(0xfffe));
    }
    int ip = IPV4_BASE + asn.row() * HOSTS_PER_ROW + 1 + rng.nextInt(HOSTS_PER_ROW - 2);
    return ((ip >>> 24) & 255)
        + "."
        + ((ip >>> 16) & 255)
        + "."
        + ((ip >>> 8) & 255)
        + "."
        + (ip & 255);
  }
}
