package dev.vigil.sim;

/** Who drives a session: one of the benign account populations, or an attacker's own session. */
public enum Population {
  RETAIL("retail"),
  BOT("bot"),
  MARKET_MAKER("market_maker"),
  INSTITUTIONAL("institutional"),
  ATTACKER("attacker");

  private final String id;

  Population(String id) {
    this.id = id;
  }

  /** The snake_case name used in mix files and labels. */
  public String id() {
    return id;
  }

  /** The benign population named {@code id}, or null. */
  public static Population benign(String id) {
    for (Population p : values()) {
      if (p != ATTACKER && p.id.equals(id)) {
        return p;
      }
    }
    return null;
  }

  public static Population byId(String id) {
    for (Population p : values()) {
      if (p.id.equals(id)) {
        return p;
      }
    }
    return null;
  }
}
