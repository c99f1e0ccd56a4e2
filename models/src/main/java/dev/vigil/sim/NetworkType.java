package dev.vigil.sim;

/**
 * The kind of network an autonomous system serves, with the value written as {@code
 * source.network.type} (the access-event contract: residential, mobile, hosting, vpn; a cloud
 * region is hosting, as GeoIP ISP databases classify data centres).
 */
public enum NetworkType {
  RESIDENTIAL("residential"),
  MOBILE("mobile"),
  CLOUD("hosting"),
  VPN("vpn");

  private final String wireName;

  NetworkType(String wireName) {
    this.wireName = wireName;
  }

  /** The contract's {@code source.network.type} value. */
  public String wireName() {
    return wireName;
  }
}
