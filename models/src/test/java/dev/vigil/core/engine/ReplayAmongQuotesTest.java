package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.policy.EnforcementLevel;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import org.junit.jupiter.api.Test;

/**
 * A replay hidden among a market maker's quotes (found on a held-out seed of the robustness grid,
 * cash-out-heavy seed 601): the thief re-sends captured signed requests from his own network while
 * the bot goes on quoting its two usual contracts. Each replayed request shows a stale signed
 * timestamp, and the first interleaves two networks; the bot's own orders must not wash that out.
 */
class ReplayAmongQuotesTest {
  private static final long DAY = 86_400_000L;

  private static AccessEvent.Builder quote(String session, long t, int i) {
    return Events.owner(session, t)
        .setSourceIp("18.184.10.5")
        .setAsNumber(16509L)
        .setCountry("DE")
        .setUserAgent("hummingbot/2.1.0")
        .setAuthMethod(AuthMethod.HMAC)
        .setApiKeyId("ak_mm")
        .setMfa(null)
        .setMethod("POST")
        .setPath("/api/v3/order")
        .setInstrument(i % 2 == 0 ? "BTC-USD" : "ETH-USD")
        .setNotionalUsd(1000.0 + (i % 7) * 50)
        .setClientTimestamp(t - 200);
  }

  private static SessionHarness quotedForADay() {
    SessionHarness h = new SessionHarness();
    for (int i = 0; i < 2_000; i++) {
      h.score(quote("mm-1", Events.T0 + i * 2_000L, i).build());
    }
    return h;
  }

  @Test
  void aReplayAmongTheBotsOwnQuotesIsSteppedUpWithinFiveReplayedRequests() {
    SessionHarness h = quotedForADay();
    long t = Events.T0 + DAY;
    int replayed = 0;
    int actedAfter = -1;
    for (int i = 0; i < 600; i++) {
      long at = t + i * 2_000L;
      h.score(quote("mm-2", at, i).build());
      if (i >= 200 && i % 5 == 0 && replayed < 10) {
        // A request captured two minutes ago, re-sent from the thief's host with its signature.
        h.score(
            quote("mm-2", at + 700, i)
                .setSourceIp("45.77.200.9")
                .setAsNumber(20473L)
                .setCountry("SG")
                .setClientTimestamp(at - 120_000L)
                .build());
        replayed++;
        if (actedAfter < 0
            && EnforcementLevel.byOrdinal(h.session("mm-2").level) != EnforcementLevel.NONE) {
          actedAfter = replayed;
        }
      }
    }
    assertThat(actedAfter).as("replayed requests before a step-up").isBetween(1, 5);
  }

  @Test
  void theSameQuotesWithoutAReplayAreLeftAloneAndEarnTheOwnersInstrumentCredit() {
    SessionHarness h = quotedForADay();
    long t = Events.T0 + DAY;
    double credit = 0;
    for (int i = 0; i < 600; i++) {
      Scored s = h.score(quote("mm-2", t + i * 2_000L, i).build());
      int k = s.evidence().indexOf(EvidenceCode.UNUSUAL_INSTRUMENT);
      if (k >= 0) {
        credit += s.evidence().llr(k);
      }
    }
    assertThat(EnforcementLevel.byOrdinal(h.session("mm-2").level))
        .isEqualTo(EnforcementLevel.NONE);
    assertThat(credit).as("the familiar side, on every switch").isLessThan(-100);
  }
}
