package dev.vigil.sim;

/**
 * Benign behaviour that looks suspicious: a detector must not act on it. A session is labelled with
 * the hard case only when the behaviour shows in it.
 */
public enum HardCase {
  TRAVELLER("traveller", Population.RETAIL),
  VPN("vpn", Population.RETAIL),
  MOBILE_HOPPING("mobile_hopping", Population.RETAIL),
  NEW_DEVICE("new_device", Population.RETAIL),
  BOT_FAILOVER("bot_failover", Population.BOT),
  MARKET_OPEN_BURST("market_open_burst", Population.BOT),
  CLOCK_DRIFT("clock_drift", Population.BOT);

  private final String id;
  private final Population population;

  HardCase(String id, Population population) {
    this.id = id;
    this.population = population;
  }

  public String id() {
    return id;
  }

  /** The population whose accounts can show it (bot cases also apply to market makers). */
  public Population population() {
    return population;
  }

  public static HardCase byId(String id) {
    for (HardCase h : values()) {
      if (h.id.equals(id)) {
        return h;
      }
    }
    return null;
  }
}
