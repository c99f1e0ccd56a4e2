package dev.vigil.core.engine;

import dev.vigil.schema.AuthMethod;
import java.util.Random;

/**
 * Adversarial input: a session that changes IP, AS, country, client, key and path on every request.
 */
public final class ChurnWorkload {
  private ChurnWorkload() {}

  /** A session and account driven by hostile, ever-changing input: every table full. */
  public static SessionHarness run(int events) {
    SessionHarness h = new SessionHarness();
    Random rnd = new Random(7);
    long t = Events.T0;
    for (int i = 0; i < events; i++) {
      t += 1 + rnd.nextInt(2_000);
      String ip =
          rnd.nextInt(256)
              + "."
              + rnd.nextInt(256)
              + "."
              + rnd.nextInt(256)
              + "."
              + rnd.nextInt(256);
      h.score(
          Events.owner(i % 50 == 0 ? "s-" + i : "churn", t)
              .setSourceIp(ip)
              .setAsNumber((long) rnd.nextInt(70_000))
              .setCountry("" + (char) ('A' + rnd.nextInt(26)) + (char) ('A' + rnd.nextInt(26)))
              .setLatitude(rnd.nextDouble() * 180 - 90)
              .setLongitude(rnd.nextDouble() * 360 - 180)
              .setUserAgent("agent-" + rnd.nextInt())
              .setApiKeyId("k" + rnd.nextInt())
              .setAuthMethod(AuthMethod.HMAC)
              .setPath("/api/v1/p" + rnd.nextInt(1000) + "x/q" + rnd.nextInt(1000))
              .setInstrument("I" + rnd.nextInt())
              .setNotionalUsd(rnd.nextDouble() * 1e6)
              .setWithdrawalAddress("a" + rnd.nextInt())
              .setNonce(Long.toString(rnd.nextLong()))
              .setClientTimestamp(t - rnd.nextInt(100_000))
              .build());
    }
    return h;
  }
}
