package dev.vigil.job.risk;

import static dev.vigil.job.risk.RiskHarness.DAY;
import static dev.vigil.job.risk.RiskHarness.HOUR;
import static dev.vigil.job.risk.RiskHarness.harness;
import static dev.vigil.job.risk.RiskHarness.keysWithState;
import static dev.vigil.job.risk.RiskHarness.process;
import static dev.vigil.job.risk.RiskHarness.settings;
import static dev.vigil.job.risk.RiskHarness.trainOwner;
import static dev.vigil.job.risk.RiskHarness.watermark;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.Events;
import dev.vigil.core.profile.AccountProfileMapper;
import dev.vigil.core.profile.SessionStateMapper;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.junit.jupiter.api.Test;

/**
 * The state's fixed sizes hold against rotating addresses and minted accounts, and sessions
 * restored from a version without the session ring are brought under the cap and expired like the
 * others.
 */
class SessionStateBoundsTest {
  @Test
  void sessionsWrittenBeforeTheRingExistedAreListedOnceAndThenCappedAndExpiredAsUsual()
      throws Exception {
    int cap = SessionStore.MIN_CAP;
    SessionRiskFunction fn =
        new SessionRiskFunction(
            settings().withMaxSessionsPerAccount(cap), SessionRiskFunctionTest.defaultModelJson());
    try (var h = harness(fn)) {
      long t = Events.T0;
      for (int i = 0; i < 10; i++) {
        process(h, Events.owner("old-" + i, t + i * 1_000L).build());
      }
      // As restored from a savepoint of a version without the ring: sessions, no ring.
      var backend = h.getOperator().<String>getKeyedStateBackend();
      backend.setCurrentKey("acct-1");
      backend
          .getPartitionedState(
              VoidNamespace.INSTANCE,
              VoidNamespaceSerializer.INSTANCE,
              SessionStateDescriptors.RING)
          .clear();
      backend
          .getPartitionedState(
              VoidNamespace.INSTANCE,
              VoidNamespaceSerializer.INSTANCE,
              SessionStateDescriptors.ORDER)
          .clear();
      assertThat(fn.sessionStore().size().ringEntries()).isZero();
      assertThat(fn.sessionStore().size().sessions()).isEqualTo(10);

      for (int i = 0; i < 20; i++) {
        process(h, Events.owner("new-" + i, t + 60_000L + i * 1_000L).build());
      }
      AccountStateSize size = fn.sessionStore().size();
      System.out.printf(
          "migration: 10 sessions without a ring, then 20 new ones: %d kept, %d ring entries,"
              + " %d evicted%n",
          size.sessions(), size.ringEntries(), fn.sessionsEvicted());
      assertThat(size.sessions()).isEqualTo(cap);
      assertThat(size.ringEntries()).isEqualTo(cap);
      assertThat(fn.sessionsEvicted()).as("the 10 old ones first, then 4 new").isEqualTo(14);

      watermark(h, t + 3 * HOUR);
      assertThat(h.numEventTimeTimers()).isZero();
      for (String state : new String[] {"sessions", "session-order", "session-ring"}) {
        assertThat(keysWithState(h, state)).as(state).isZero();
      }
    }
  }

  @Test
  void rotatingAddressesAndMintingAccountsGrowNoStateBeyondTheFixedSizes() throws Exception {
    SessionRiskFunction fn =
        new SessionRiskFunction(settings(), SessionRiskFunctionTest.defaultModelJson());
    try (var h = harness(fn)) {
      long t = trainOwner(h) + DAY;
      // One session and then 5,000 new ones, every request from another network (a /24 in
      // another AS and country each time).
      String[] countries = {"SG", "DE", "US", "BR", "NG", "IN", "JP", "RU"};
      for (int i = 0; i < 10_000; i++) {
        String session = i < 5_000 ? "rotating" : "rotating-" + i;
        process(
            h,
            Events.attacker(session, t + i * 1_000L)
                .setSourceIp(
                    (10 + i / 65_536 % 200) + "." + (i / 256 % 256) + "." + (i % 256) + ".7")
                .setAsNumber(64_512L + i)
                .setCountry(countries[i % countries.length])
                .setUserAgent("client/" + i)
                .build());
      }
      AccountStateSize one = fn.sessionStore().size();
      // 10,000 accounts created, one session each.
      for (int a = 0; a < 10_000; a++) {
        process(
            h,
            Events.owner("s-" + a, t + 10_000_000L + a * 100L).setAccountId("minted-" + a).build());
      }
      h.getOperator().setCurrentKey("minted-9999");
      AccountStateSize minted = fn.sessionStore().size();
      System.out.printf(
          "rotation: 10,000 networks on one account: %d sessions kept, largest %d bytes (bound"
              + " 948), profile %d bytes (bound 1,780); 10,000 minted accounts: %d session and a"
              + " %d-byte profile each%n",
          one.sessions(),
          one.largestSessionBytes(),
          one.profileBytes(),
          minted.sessions(),
          minted.profileBytes());
      assertThat(one.largestSessionBytes()).isLessThanOrEqualTo(SessionStateMapper.MAX_BYTES);
      assertThat(one.profileBytes()).isLessThanOrEqualTo(AccountProfileMapper.MAX_BYTES);
      assertThat(one.sessions()).isLessThanOrEqualTo(RiskSettings.DEFAULT_MAX_SESSIONS_PER_ACCOUNT);
      assertThat(minted.sessions()).isEqualTo(1);
      assertThat(minted.profileBytes()).isLessThanOrEqualTo(AccountProfileMapper.MAX_BYTES);
      assertThat(keysWithState(h, "account-profile")).isEqualTo(10_001);

      // Once their sessions have ended, a minted account keeps only its profile (until its TTL).
      watermark(h, t + 10_000_000L + 2 * DAY);
      System.out.printf(
          "rotation: 2 days later: session state on %d keys, rings on %d, %d timers, %d profiles%n",
          keysWithState(h, "sessions"),
          keysWithState(h, "session-ring"),
          h.numEventTimeTimers(),
          keysWithState(h, "account-profile"));
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(keysWithState(h, "sessions")).isZero();
      assertThat(keysWithState(h, "session-ring")).isZero();
    }
  }
}
