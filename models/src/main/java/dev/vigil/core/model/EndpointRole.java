package dev.vigil.core.model;

/**
 * What an endpoint is for, as the operator names it in the model file's {@code
 * evidence.endpointRoles} section. The wire names are fixed (lower case); the ordinals are stored
 * in account profiles (role counts), so new roles go last.
 */
public enum EndpointRole {
  LOGIN("login", false),
  SECOND_FACTOR("second_factor", false),
  WITHDRAWAL("withdrawal", false),
  ADDRESS_WHITELIST("address_whitelist", false),
  KEY_MANAGEMENT("key_management", false),
  SECURITY_SETTINGS("security_settings", false),
  HISTORY("history", true),
  ORDERS("orders", true),
  MARKET_DATA("market_data", true),
  ACCOUNT_READ("account_read", true),
  /** Every request no rule names. */
  OTHER("other", true);

  /** Number of roles (the length of every per-role array). */
  public static final int COUNT = 11;

  private static final EndpointRole[] VALUES = values();

  private final String wireName;
  private final boolean inMix;

  EndpointRole(String wireName, boolean inMix) {
    this.wireName = wireName;
    this.inMix = inMix;
  }

  /**
   * Whether the endpoint-mix test scores requests of this role. The others (logins, second factors,
   * withdrawals, whitelist, keys, security settings) each have terms of their own (failure bursts,
   * passed MFA, unusual transitions to sensitive endpoints, the cash-out terms); scoring them in
   * the mix too would count the same request twice. The mix test is conditional on the request
   * being of an ordinary role: it asks which ordinary thing the session does.
   */
  public boolean inMix() {
    return inMix;
  }

  /** The name used in the model file and in reasons. */
  public String wireName() {
    return wireName;
  }

  public static EndpointRole byOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  /** The role of a wire name, or null if there is none. */
  public static EndpointRole byWireName(String name) {
    for (EndpointRole r : VALUES) {
      if (r.wireName.equals(name)) {
        return r;
      }
    }
    return null;
  }
}
