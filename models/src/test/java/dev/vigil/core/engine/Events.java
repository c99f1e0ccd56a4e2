package dev.vigil.core.engine;

import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import dev.vigil.schema.Outcome;

/** Builds access events for tests: an owner's defaults, overridden per case. */
public final class Events {
  public static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private Events() {}

  /** A successful web request by the owner of account "acct-1" from a home network in Paris. */
  public static AccessEvent.Builder owner(String session, long timeMillis) {
    return AccessEvent.newBuilder()
        .setEventId(session + "-" + timeMillis)
        .setTimestamp(timeMillis)
        .setIngestedAt(timeMillis)
        .setSessionId(session)
        .setAccountId("acct-1")
        .setSourceIp("81.250.10.23")
        .setMethod("GET")
        .setPath("/api/v1/orders")
        .setStatus(200)
        .setOutcome(Outcome.SUCCESS)
        .setUserAgent("Mozilla/5.0 (Macintosh) Firefox/128.0")
        .setAsNumber(3215L)
        .setAsOrganization("Orange")
        .setCountry("FR")
        .setLatitude(48.85)
        .setLongitude(2.35)
        .setAuthMethod(AuthMethod.JWT)
        .setMfa(true);
  }

  /** The same request from an attacker's VPS in another continent with another client. */
  public static AccessEvent.Builder attacker(String session, long timeMillis) {
    return owner(session, timeMillis)
        .setSourceIp("45.77.200.9")
        .setAsNumber(20473L)
        .setAsOrganization("Vultr")
        .setCountry("SG")
        .setLatitude(1.29)
        .setLongitude(103.85)
        .setUserAgent("python-requests/2.31");
  }
}
