package dev.vigil.sim;

/**
 * A labelled attack scenario. The last three are careful takeovers (issue 9): they are not in the
 * {@code default} and {@code attacks-only-small} presets, which keep the first nine so that runs
 * without a world write what they wrote before; the worlds ({@link World}) weigh them.
 */
public enum Scenario {
  STOLEN_API_KEY("stolen_api_key", false),
  TOKEN_HIJACK("token_hijack", false),
  REPLAY("replay", false),
  CREDENTIAL_STUFFING("credential_stuffing", false),
  MFA_BRUTE_FORCE("mfa_brute_force", false),
  LOW_AND_SLOW("low_and_slow", false),
  LEAKED_MM_KEY("leaked_mm_key", false),
  ABUSE_FLOOD("abuse_flood", true),
  ABUSE_SCRAPING("abuse_scraping", true),
  SIM_SWAP("sim_swap", false),
  READONLY_KEY_EXFIL("readonly_key_exfil", false),
  COOKIE_HIJACK_LOCAL("cookie_hijack_local", false);

  /** The scenarios of the {@code default} preset, spread evenly: every one before SIM_SWAP. */
  public static final java.util.List<Scenario> PRESET =
      java.util.List.of(values()).subList(0, SIM_SWAP.ordinal());

  private final String id;
  private final boolean abuse;

  Scenario(String id, boolean abuse) {
    this.id = id;
    this.abuse = abuse;
  }

  public String id() {
    return id;
  }

  /** Abuse by the session's own owner: a rate limit is the right answer, a kill is not. */
  public boolean isAbuse() {
    return abuse;
  }

  public static Scenario byId(String id) {
    for (Scenario s : values()) {
      if (s.id.equals(id)) {
        return s;
      }
    }
    return null;
  }
}
