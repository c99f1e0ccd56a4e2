package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import dev.vigil.schema.NetworkType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code concurrent_key_use}: a key in two places at once is a fact of the newer session, counted
 * once, and neither a fail-over nor a second host of the owner's provider is one.
 */
class KeyConcurrencyEvidenceTest {
  private static final String KEY = "ak_owner_bot";

  /** The owner's trading bot: its key from a cloud host in Frankfurt, one request every 2 s. */
  private static AccessEvent.Builder bot(String session, long t) {
    return Events.owner(session, t)
        .setSourceIp("18.184.10.5")
        .setAsNumber(16509L)
        .setAsOrganization("Amazon.com, Inc.")
        .setCountry("DE")
        .setLatitude(50.11)
        .setLongitude(8.68)
        .setNetworkType(NetworkType.HOSTING)
        .setUserAgent("hummingbot/2.1.0")
        .setAuthMethod(AuthMethod.HMAC)
        .setApiKeyId(KEY)
        .setPath("/api/v3/orders")
        .setMfa(null);
  }

  /** The same key from a VPS of another provider abroad, paging the trade history. */
  private static AccessEvent.Builder thief(String session, long t) {
    return bot(session, t)
        .setSourceIp("45.77.200.9")
        .setAsNumber(20473L)
        .setAsOrganization("Vultr")
        .setCountry("SG")
        .setUserAgent("Go-http-client/1.1")
        .setPath("/api/v3/account/trades");
  }

  /**
   * A day of the bot on its key, then {@code minutes} more of it with {@code other} interleaved.
   */
  private static TravelAndConcurrencyEvidenceTest.Tally interleave(
      SessionHarness h, boolean otherIsThief, long otherStartOffset, int otherRequests) {
    return interleave(
        h,
        otherIsThief
            ? KeyConcurrencyEvidenceTest::thief
            : (session, at) -> bot(session, at).setSourceIp("3.120.40.7"), // same provider
        otherStartOffset,
        otherRequests);
  }

  /** The same key from another region of the bot's own provider, by another program. */
  private static AccessEvent.Builder thiefInTheSameCloud(String session, long t) {
    return bot(session, t)
        .setSourceIp("52.59.10.20")
        .setCountry("BE")
        .setUserAgent("curl/8.5.0")
        .setPath("/api/v3/account/trades");
  }

  private static TravelAndConcurrencyEvidenceTest.Tally interleave(
      SessionHarness h,
      java.util.function.BiFunction<String, Long, AccessEvent.Builder> otherRequest,
      long otherStartOffset,
      int otherRequests) {
    long t0 = Events.T0;
    for (int i = 0; i < 43_200; i += 2) {
      h.score(bot("bot", t0 + i * 1_000L).build());
    }
    long t = t0 + 43_200_000L;
    TravelAndConcurrencyEvidenceTest.Tally other = new TravelAndConcurrencyEvidenceTest.Tally();
    List<AccessEvent> owner = new ArrayList<>();
    for (int i = 0; i < 300; i += 2) {
      owner.add(bot("bot", t + i * 1_000L).build());
    }
    int o = 0;
    for (int k = 0; k < otherRequests; k++) {
      long at = t + otherStartOffset + k * 1_500L;
      while (o < owner.size() && owner.get(o).getTimestamp() <= at) {
        h.score(owner.get(o++));
      }
      other.add(h.score(otherRequest.apply("other", at).build()));
    }
    return other;
  }

  @Test
  void aCopiedKeyUsedBesideTheOwnersBotFromAnotherProviderCountsOnceForTheNewerSession() {
    SessionHarness h = new SessionHarness();
    TravelAndConcurrencyEvidenceTest.Tally thief = interleave(h, true, 10_000L, 80);
    assertThat(thief.count(EvidenceCode.CONCURRENT_KEY_USE)).isEqualTo(1);
    assertThat(thief.llr(EvidenceCode.CONCURRENT_KEY_USE))
        .isEqualTo(h.model.evidence.concurrentKeyLlr);
    // The owner's bot, the older session, is not blamed for the thief's requests.
    assertThat(h.session("bot").keyOverlaps).isZero();
    assertThat(h.session("other").poisoned).isTrue();
  }

  @Test
  void aSecondHostOfTheOwnersOwnProviderIsNotConcurrentUse() {
    SessionHarness h = new SessionHarness();
    TravelAndConcurrencyEvidenceTest.Tally second = interleave(h, false, 10_000L, 80);
    assertThat(second.count(EvidenceCode.CONCURRENT_KEY_USE)).isZero();
  }

  @Test
  void aFailOverThatStartsAfterTheOldHostStoppedIsNotConcurrentUse() {
    SessionHarness h = new SessionHarness();
    // The thief's traffic shape, but only after the bot's last request (300 s in) plus a minute.
    TravelAndConcurrencyEvidenceTest.Tally after = interleave(h, true, 360_000L, 80);
    assertThat(after.count(EvidenceCode.CONCURRENT_KEY_USE)).isZero();
  }

  @Test
  void aShortOverlapOfTwoRequestsIsNotEnough() {
    SessionHarness h = new SessionHarness();
    // Three requests 1.5 s apart ending as the bot's session goes on: overlaps within one third
    // of the window count once.
    TravelAndConcurrencyEvidenceTest.Tally brief = interleave(h, true, 10_000L, 3);
    assertThat(brief.count(EvidenceCode.CONCURRENT_KEY_USE)).isZero();
    assertThat(h.session("other").keyOverlaps).isEqualTo((byte) 1);
  }

  @Test
  void aModelWithoutTheWeightIgnoresIt() throws Exception {
    byte[] old;
    try (var in = getClass().getResourceAsStream("/model/vigil-default-6.json")) {
      old = in.readAllBytes();
    }
    SessionHarness h = new SessionHarness(RiskModelLoader.parse(old));
    assertThat(h.model.evidence.concurrentKeyLlr).isZero();
    assertThat(interleave(h, true, 10_000L, 80).count(EvidenceCode.CONCURRENT_KEY_USE)).isZero();
  }

  @Test
  void anotherProgramOnTheKeyInsideTheOwnersOwnProviderCounts() {
    SessionHarness h = new SessionHarness();
    assertThat(h.model.evidence.concurrentKeyOtherClient).isTrue();
    TravelAndConcurrencyEvidenceTest.Tally thief =
        interleave(h, KeyConcurrencyEvidenceTest::thiefInTheSameCloud, 10_000L, 80);
    assertThat(thief.count(EvidenceCode.CONCURRENT_KEY_USE)).isEqualTo(1);
  }

  @Test
  void anotherProgramInsideTheOwnersProviderIsNotCountedByAModelThatDoesNotAskForIt()
      throws Exception {
    byte[] old;
    try (var in = getClass().getResourceAsStream("/model/vigil-default-7.json")) {
      old = in.readAllBytes();
    }
    SessionHarness h = new SessionHarness(RiskModelLoader.parse(old));
    assertThat(h.model.evidence.concurrentKeyOtherClient).isFalse();
    TravelAndConcurrencyEvidenceTest.Tally thief =
        interleave(h, KeyConcurrencyEvidenceTest::thiefInTheSameCloud, 10_000L, 80);
    assertThat(thief.count(EvidenceCode.CONCURRENT_KEY_USE)).isZero();
  }
}
