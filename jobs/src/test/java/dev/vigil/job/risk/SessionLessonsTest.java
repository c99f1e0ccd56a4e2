package dev.vigil.job.risk;

import static dev.vigil.job.risk.RiskHarness.DAY;
import static dev.vigil.job.risk.RiskHarness.HOUR;
import static dev.vigil.job.risk.RiskHarness.harness;
import static dev.vigil.job.risk.RiskHarness.process;
import static dev.vigil.job.risk.RiskHarness.settings;
import static dev.vigil.job.risk.RiskHarness.trainOwner;
import static dev.vigil.job.risk.RiskHarness.watermark;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.Events;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.sketch.Hashing;
import dev.vigil.schema.CommandAction;
import org.junit.jupiter.api.Test;

/**
 * In the job, what a clean session taught its account stays after the session ends and its state is
 * dropped (nothing left to commit), and what a session acted on taught is taken back.
 */
class SessionLessonsTest {
  @Test
  void aCleanSessionsLessonOutlivesItsStateAndASessionActedOnLeavesNone() throws Exception {
    SessionRiskFunction fn =
        new SessionRiskFunction(settings(), SessionRiskFunctionTest.defaultModelJson());
    try (var h = harness(fn)) {
      long t = trainOwner(h) + DAY;
      // The owner's ISP hands him another prefix: adopted at the third clean request.
      long renumbered = Hashing.ipPrefix("81.250.77.5");
      for (int i = 0; i < 4; i++) {
        process(
            h,
            Events.owner("renumbered", t + i * 20_000L)
                .setSourceIp("81.250.77.5")
                .setPath("/api/v1/balance")
                .build());
      }
      // A new browser from a French network of another AS, then an address and withdrawals.
      String ua = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0";
      long t2 = t + HOUR;
      for (int i = 0; i < 4; i++) {
        process(h, proxy("thief", t2 + i * 20_000L, ua).setPath("/api/v1/balance").build());
      }
      h.getOperator().setCurrentKey("acct-1");
      long[] hashes = new long[2];
      Hashing.userAgent(ua, hashes);
      long client = hashes[0];
      float taught = fn.sessionStore().profile(false).clients.count(client);
      process(
          h,
          proxy("thief", t2 + 100_000, ua)
              .setMethod("POST")
              .setPath("/api/v3/wallet/whitelist")
              .setWithdrawalAddress("bc1qpump")
              .build());
      for (int i = 0; i < 2; i++) {
        process(
            h,
            proxy("thief", t2 + 110_000 + i * 10_000L, ua)
                .setMethod("POST")
                .setPath("/api/v3/wallet/withdrawals")
                .setWithdrawalAddress("bc1qpump")
                .build());
      }
      assertThat(h.extractOutputValues())
          .filteredOn(c -> c.getSessionId().equals("thief"))
          .extracting(c -> c.getAction())
          .contains(CommandAction.STEP_UP);

      // Two days later both sessions have ended and their state is gone.
      watermark(h, t + 2 * DAY);
      h.setProcessingTime(t + 2 * DAY);
      h.getOperator().setCurrentKey("acct-1");
      AccountProfile p = fn.sessionStore().profile(false);
      System.out.printf(
          "after both ended: %d sessions kept; renumbered prefix %.3f; thief's client %.3f while"
              + " clean, %.3f after the step-up%n",
          fn.sessionStore().size().sessions(),
          p.prefixes.count(renumbered),
          taught,
          p.clients.count(client));
      assertThat(fn.sessionStore().size().sessions()).isZero();
      assertThat(p.prefixes.count(renumbered)).as("the clean session's lesson stays").isPositive();
      assertThat(taught).isPositive();
      assertThat(p.clients.count(client)).as("the stepped-up session's lesson is gone").isZero();
    }
  }

  private static dev.vigil.schema.AccessEvent.Builder proxy(String session, long t, String ua) {
    return Events.owner(session, t)
        .setSourceIp("92.184.100.7")
        .setAsNumber(12_322L)
        .setAsOrganization("Free SAS")
        .setUserAgent(ua);
  }
}
