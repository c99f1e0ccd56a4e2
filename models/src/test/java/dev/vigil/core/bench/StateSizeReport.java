package dev.vigil.core.bench;

import dev.vigil.core.engine.ChurnWorkload;
import dev.vigil.core.engine.SessionHarness;
import dev.vigil.core.profile.AccountProfileMapper;
import dev.vigil.core.profile.SessionStateMapper;

/** Prints serialised state sizes: a warm owner, and the worst case under adversarial churn. */
public final class StateSizeReport {
  private StateSizeReport() {}

  public static void main(String[] args) {
    AccountProfileMapper am = new AccountProfileMapper();
    SessionStateMapper sm = new SessionStateMapper();
    SessionHarness h = new SessionHarness();
    h.trainOwner(30, 30);
    System.out.printf("warm account profile: %d bytes%n", am.toBytes(h.account("acct-1")).length);
    System.out.printf(
        "owner session (30 requests): %d bytes%n", sm.toBytes(h.session("owner-29")).length);
    SessionHarness worst = ChurnWorkload.run(20_000);
    System.out.printf(
        "account after 20k churned requests: %d bytes (bound %d)%n",
        am.toBytes(worst.account("acct-1")).length, AccountProfileMapper.MAX_BYTES);
    System.out.printf(
        "session after 20k churned requests: %d bytes (bound %d)%n",
        sm.toBytes(worst.session("churn")).length, SessionStateMapper.MAX_BYTES);
  }
}
