package dev.vigil.sim;

/** A labelled attack scenario. */
public enum Scenario {
  STOLEN_API_KEY("stolen_api_key", false),
  TOKEN_HIJACK("token_hijack", false),
  REPLAY("replay", false),
  CREDENTIAL_STUFFING("credential_stuffing", false),
  MFA_BRUTE_FORCE("mfa_brute_force", false),
  LOW_AND_SLOW("low_and_slow", false),
  LEAKED_MM_KEY("leaked_mm_key", false),
  ABUSE_FLOOD("abuse_flood", true),
  ABUSE_SCRAPING("abuse_scraping", true);

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
