package dev.vigil.sim;

/**
 * How far the written GeoIP location strays from where the network really is. Commercial GeoIP
 * databases place an address anywhere within an accuracy radius (MaxMind publishes it as {@code
 * location.accuracy_radius}, from a few km for fixed lines to 1,000 km when only the country is
 * known), and they place the addresses of one carrier or cloud prefix inconsistently: the same
 * network can show up hundreds of km apart from one request to the next.
 */
public enum GeoNoise {
  /** Each address keeps the point drawn for it (today's behaviour: within ~30 km of its city). */
  NONE("none"),
  /** Each address is moved once, uniformly within the accuracy radius, and stays there. */
  PER_NETWORK("per_network"),
  /** Every request is moved afresh, uniformly within the accuracy radius. */
  PER_REQUEST("per_request"),
  /**
   * A feed gone bad (a corrupt database update) at the window's start, or at {@link GeoBrokenFrom}
   * ({@code geo_broken_from}): from then on every request is placed at a uniform point anywhere on
   * Earth while the feed still claims the world's accuracy radius, and every address is typed
   * residential (the connection-type database lost), so cloud and mobile networks no longer escape
   * travel. Before that the feed is sound ({@link #NONE}): profiles and the kill rate's baseline
   * are learnt on good data, as they would be in production.
   */
  BROKEN("broken");

  private final String id;

  GeoNoise(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The value for {@code id}, or null. */
  public static GeoNoise byId(String id) {
    for (GeoNoise g : values()) {
      if (g.id.equals(id)) {
        return g;
      }
    }
    return null;
  }
}
