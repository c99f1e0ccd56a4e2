package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.policy.EnforcementLevel;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.sketch.Hashing;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.Outcome;
import dev.vigil.schema.Reason;
import dev.vigil.schema.SessionCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionRiskEngineTest {
  private static final long DAY = 86_400_000L;

  @Test
  void ownerSessionOnHomeNetworkStaysCleanAndTeachesTheProfile() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30);
    Scored s = h.score(Events.owner("today", t + DAY).build());
    assertThat(s.probability()).isLessThan(0.001);
    assertThat(s.learned()).isTrue();
    assertThat(level(h, "today")).isEqualTo(EnforcementLevel.NONE);
    assertThat(h.account("acct-1").prefixes.count(Hashing.ipPrefix("81.250.10.23"))).isPositive();
  }

  @Test
  void newAccountIsNotTreatedAsAllNovel() {
    SessionHarness h = new SessionHarness();
    Scored s = h.score(Events.attacker("first-ever", Events.T0).build());
    assertThat(s.probability()).isLessThan(0.01);
  }

  @Test
  void stolenCredentialsUsedForWithdrawalFromForeignVpsEndInKill() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    h.score(Events.attacker("stolen", t).setPath("/api/v1/balance").build());
    Scored s =
        h.score(
            Events.attacker("stolen", t + 5_000)
                .setMethod("POST")
                .setPath("/api/v1/withdraw")
                .setWithdrawalAddress("bc1qattacker")
                .build());
    assertThat(level(h, "stolen")).isEqualTo(EnforcementLevel.KILLED);
    assertThat(s.decision().indexOf(CommandAction.KILL)).isNotNegative();
    List<SessionCommand> commands =
        CommandFactory.commands(
            s.decision(),
            Events.attacker("stolen", t + 5_000).setPath("/x").build(),
            "m1",
            new CommandTiming(t, t + 5_000, 300_000, Long.MIN_VALUE, 0));
    SessionCommand kill =
        commands.stream()
            .filter(c -> c.getAction() == CommandAction.KILL)
            .findFirst()
            .orElseThrow();
    assertThat(kill.getReasons()).isNotEmpty();
    assertThat(kill.getReasons().get(0).getLogLikelihoodRatio())
        .isGreaterThanOrEqualTo(
            kill.getReasons().get(kill.getReasons().size() - 1).getLogLikelihoodRatio());
    assertThat(kill.getReasons()).extracting(Reason::getCode).contains("unusual_transition");
    assertThat(kill.getCommandId()).isEqualTo(kill.getTriggerEventId() + ":kill");
  }

  @Test
  void hijackedTokenUsedFromASecondNetworkAtTheSameTimeEndsInKill() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    for (int i = 0; i < 6; i++) {
      h.score(Events.owner("live", t + i * 10_000).build());
      h.score(
          Events.attacker("live", t + i * 10_000 + 5_000)
              .setUserAgent("Mozilla/5.0 (Macintosh) Firefox/128.0")
              .build());
    }
    assertThat(level(h, "live")).isEqualTo(EnforcementLevel.KILLED);
  }

  @Test
  void replayedNoncesFromTheBotsOwnNetworkAreOneKindOfEvidenceAndStepUpOnly() {
    // Before the two-kinds rule this session was killed: two replayed nonces are 14 nats of one
    // kind (protocol), which a client library re-sending its requests produces as well.
    SessionHarness h = new SessionHarness();
    long t = Events.T0;
    for (int i = 0; i < 20; i++) {
      h.score(bot("bot", t + i * 1_000, Long.toString(1000 + i)).build());
    }
    assertThat(h.scored.probability()).isLessThan(0.01);
    Scored first = h.score(bot("bot", t + 21_000, "1005").build());
    assertThat(first.evidence().indexOf(EvidenceCode.REPLAYED_NONCE)).isNotNegative();
    Scored second = h.score(bot("bot", t + 22_000, "1006").build());
    assertThat(second.probability()).isGreaterThanOrEqualTo(h.model.policy.killEnter);
    assertThat(level(h, "bot")).isEqualTo(EnforcementLevel.STEP_UP);
    assertThat(h.session("bot").killWithheldNoted).isTrue();
  }

  @Test
  void replayedNoncesFromAnotherNetworkEndInKill() {
    SessionHarness h = new SessionHarness();
    long t = Events.T0;
    for (int i = 0; i < 20; i++) {
      h.score(bot("bot", t + i * 1_000, Long.toString(1000 + i)).build());
    }
    for (int i = 0; i < 2; i++) {
      h.score(
          bot("bot", t + 21_000 + i * 1_000, Long.toString(1005 + i))
              .setSourceIp("45.77.200.9")
              .setAsNumber(20473L)
              .setCountry("SG")
              .setLatitude(1.29)
              .setLongitude(103.85)
              .build());
    }
    assertThat(level(h, "bot")).isEqualTo(EnforcementLevel.KILLED);
  }

  @Test
  void credentialStuffingBurstThenSuccessFromVpsStepsUpOrKills() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    for (int i = 0; i < 12; i++) {
      h.score(
          Events.attacker("stuffing", t + i * 500)
              .setStatus(401)
              .setOutcome(Outcome.FAILURE)
              .setPath("/api/v1/login")
              .build());
    }
    h.score(Events.attacker("stuffing", t + 7_000).setPath("/api/v1/balance").build());
    assertThat(level(h, "stuffing")).isIn(EnforcementLevel.STEP_UP, EnforcementLevel.KILLED);
  }

  @Test
  void switchingBackAndForthToARarelyTradedInstrumentCountsItOncePerSession() {
    SessionHarness h = new SessionHarness();
    long t = Events.T0;
    for (int i = 0; i < 200; i++) {
      h.score(order("history", t + i * 1_000, "BTC-PERP"));
    }
    int positive = 0;
    for (int i = 0; i < 20; i++) {
      Scored s =
          h.score(
              order(
                  "quoting",
                  t + 3_600_000 + i * 1_000,
                  i % 2 == 0 ? "BTC-PERP" : "XRP-27NOV26-1-C"));
      int k = s.evidence().indexOf(EvidenceCode.UNUSUAL_INSTRUMENT);
      if (k >= 0 && s.evidence().llr(k) > 0) {
        positive++;
      }
    }
    assertThat(positive).isEqualTo(1);
  }

  private static AccessEvent order(String session, long t, String instrument) {
    return Events.owner(session, t)
        .setMethod("POST")
        .setPath("/api/v1/orders")
        .setInstrument(instrument)
        .setNotionalUsd(1_000.0)
        .build();
  }

  @Test
  void aRunOfWrongOneTimeCodesAfterACorrectPasswordEndsInKill() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    h.score(Events.attacker("guesser", t).setPath("/api/v1/login").build());
    for (int i = 1; i <= 20; i++) {
      h.score(mfa("guesser", t + i * 1_200, false, true));
    }
    assertThat(level(h, "guesser")).isEqualTo(EnforcementLevel.KILLED);
  }

  @Test
  void anOwnerWhoMistypesTheCodeTwiceIsNotSteppedUp() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    h.score(Events.owner("typo", t).setPath("/api/v1/login").build());
    h.score(mfa("typo", t + 5_000, false, false));
    h.score(mfa("typo", t + 15_000, false, false));
    h.score(mfa("typo", t + 25_000, true, false));
    assertThat(level(h, "typo")).isEqualTo(EnforcementLevel.NONE);
  }

  private static AccessEvent mfa(String session, long t, boolean passed, boolean attacker) {
    AccessEvent.Builder b = attacker ? Events.attacker(session, t) : Events.owner(session, t);
    return b.setMethod("POST")
        .setPath("/api/v1/auth/mfa")
        .setAuthMethod(AuthMethod.MFA)
        .setStatus(passed ? 200 : 401)
        .setOutcome(passed ? Outcome.SUCCESS : Outcome.FAILURE)
        .build();
  }

  @Test
  void travellerOnHotelNetworkIsNeitherSteppedUpNorKilled() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    for (int i = 0; i < 30; i++) {
      h.score(
          Events.owner("trip", t + i * 20_000)
              .setSourceIp("203.0.113." + (10 + i % 2))
              .setAsNumber(7922L)
              .setCountry("US")
              .setLatitude(40.71)
              .setLongitude(-74.0)
              .build());
    }
    assertThat(level(h, "trip")).isEqualTo(EnforcementLevel.NONE);
    assertThat(h.scored.probability()).isLessThan(0.2);
  }

  @Test
  void poisoningGuardKeepsHostileTrafficOutOfTheProfile() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    h.score(Events.attacker("hostile", t).setPath("/api/v1/balance").build());
    h.score(
        Events.attacker("hostile", t + 1_000)
            .setMethod("POST")
            .setPath("/api/v1/withdraw")
            .setWithdrawalAddress("bc1qx")
            .build());
    for (int i = 2; i < 50; i++) {
      h.score(Events.attacker("hostile", t + i * 1_000).build());
    }
    AccountProfile a = h.account("acct-1");
    assertThat(h.session("hostile").poisoned).isTrue();
    assertThat(a.prefixes.count(Hashing.ipPrefix("45.77.200.9"))).isZero();
    assertThat(a.withdrawalAddresses.count(Hashing.of("bc1qx"))).isZero();
  }

  @Test
  void slowDriftOfOrderSizeIsCaughtBeforeTheBaselineFollows() {
    SessionHarness h = new SessionHarness();
    long t = Events.T0;
    for (int d = 0; d < 30; d++) {
      for (int i = 0; i < 10; i++) {
        t = Events.T0 + d * DAY + i * 30_000L;
        h.score(
            Events.owner("o" + d, t)
                .setMethod("POST")
                .setInstrument("BTC-USD")
                .setNotionalUsd(1000.0 * (1 + (i % 3) * 0.1))
                .build());
      }
    }
    // The drifter hides in the owner's own network and client, growing each order by 15 %.
    double notional = 1000;
    boolean flagged = false;
    long start = t + DAY;
    for (int k = 0; k < 60; k++) {
      notional *= 1.15;
      Scored s =
          h.score(
              Events.owner("drift", start + k * 30_000L)
                  .setMethod("POST")
                  .setInstrument("BTC-USD")
                  .setNotionalUsd(notional)
                  .build());
      flagged |= s.evidence().indexOf(EvidenceCode.UNUSUAL_NOTIONAL) >= 0;
    }
    AccountProfile a = h.account("acct-1");
    assertThat(flagged).isTrue();
    assertThat(h.session("drift").poisoned).isTrue();
    // The baseline stopped following: it is far below the last order (1000 * 1.15^60, about 4.4M
    // USD).
    assertThat(Math.exp(a.logNotionalMean)).isLessThan(2_000);
  }

  @Test
  void shortVisitsFromANewNetworkNeverGetAdopted() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    for (int v = 0; v < 200; v++) {
      h.score(
          Events.attacker("visit-" + v, t + v * 3_600_000L)
              .setUserAgent("Mozilla/5.0 (Macintosh) Firefox/128.0")
              .build());
      h.score(
          Events.attacker("visit-" + v, t + v * 3_600_000L + 1_000)
              .setUserAgent("Mozilla/5.0 (Macintosh) Firefox/128.0")
              .build());
    }
    assertThat(h.account("acct-1").prefixes.count(Hashing.ipPrefix("45.77.200.9"))).isZero();
  }

  @Test
  void mfaPassLowersTheProbabilityAfterAStepUp() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    h.score(Events.attacker("mfa", t).build());
    double before = h.score(Events.attacker("mfa", t + 1_000).build()).probability();
    double after =
        h.score(Events.attacker("mfa", t + 2_000).setAuthMethod(AuthMethod.MFA).build())
            .probability();
    assertThat(after).isLessThan(before);
  }

  @Test
  void hmacSessionGetsTheAutomatedCostProfileWhateverItsUserAgent() {
    SessionHarness h = new SessionHarness();
    h.score(
        bot("api", Events.T0, "1")
            .setUserAgent("Mozilla/5.0 (Windows NT 10.0) Chrome/120.0")
            .build());
    assertThat(h.scored.kind()).isEqualTo(dev.vigil.core.policy.SessionKind.AUTOMATED);
    h.score(Events.owner("web", Events.T0).setUserAgent("python-requests/2.31").build());
    assertThat(h.scored.kind()).isEqualTo(dev.vigil.core.policy.SessionKind.HUMAN);
  }

  private static AccessEvent.Builder bot(String session, long t, String nonce) {
    return Events.owner(session, t)
        .setAuthMethod(AuthMethod.HMAC)
        .setApiKeyId("key-1")
        .setUserAgent("ccxt/4.2")
        .setSourceIp("52.1.2.3")
        .setAsNumber(16509L)
        .setCountry("US")
        .setLatitude(39.0)
        .setLongitude(-77.5)
        .setNonce(nonce)
        .setClientTimestamp(t - 50);
  }

  private static EnforcementLevel level(SessionHarness h, String session) {
    SessionState s = h.session(session);
    return EnforcementLevel.byOrdinal(s.level);
  }
}
