package dev.vigil.core.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.model.EndpointRole;
import dev.vigil.core.model.EndpointRoles;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

class FairAccessLimitsTest {
  static final String DATA = "/api/v3/markets/BTC-USD/ticker";
  static final String ORDER = "/api/v3/orders";

  static AccessEvent event(String session, long t, String method, String path) {
    return AccessEvent.newBuilder()
        .setEventId(session + "-" + t)
        .setSessionId(session)
        .setAccountId("a-" + session)
        .setSourceIp("192.0.2.1")
        .setTimestamp(t)
        .setIngestedAt(t)
        .setMethod(method)
        .setPath(path)
        .setStatus(200)
        .build();
  }

  @Test
  void aSessionsPeakIsTheMostRequestsInAnySlidingTenSecondWindowOfOneRole() {
    FairAccessLimits f = new FairAccessLimits(EndpointRoles.defaults());
    assertThat(EndpointRoles.defaults().roleOf("GET", DATA)).isEqualTo(EndpointRole.MARKET_DATA);
    // 5 requests in [0, 4 s], then 12 in [20 s, 29.9 s] (one window), then 3 spread over a minute
    for (int i = 0; i < 5; i++) {
      f.add("bot", event("s", i * 1000L, "GET", DATA));
    }
    for (int i = 0; i < 12; i++) {
      f.add("bot", event("s", 20_000L + i * 900L, "GET", DATA));
    }
    for (int i = 0; i < 3; i++) {
      f.add("bot", event("s", 60_000L + i * 20_000L, "GET", DATA));
    }
    f.add("bot", event("s", 130_000L, "POST", ORDER));
    assertThat(f.peak("s", EndpointRole.MARKET_DATA)).isEqualTo(1.2);
    assertThat(f.peak("s", EndpointRole.ORDERS)).isEqualTo(0.1);
    assertThat(f.peak("s", EndpointRole.LOGIN)).isZero();
  }

  @Test
  void requestsExactlyOneWindowApartAreNotInTheSameWindow() {
    FairAccessLimits f = new FairAccessLimits(EndpointRoles.defaults());
    for (int i = 0; i < 50; i++) {
      f.add("bot", event("s", i * FairAccessLimits.WINDOW_MS, "GET", DATA));
    }
    assertThat(f.peak("s", EndpointRole.MARKET_DATA)).isEqualTo(0.1);
  }

  @Test
  void theLimitIsTheQuantileOfSessionPeaksTimesHeadroomPerPopulationWithItsBasis() {
    FairAccessLimits f = new FairAccessLimits(EndpointRoles.defaults());
    // session k makes k requests to market data within one second: peak k / 10 per second
    for (int k = 1; k <= 100; k++) {
      for (int i = 0; i < k; i++) {
        f.add("bot", event("b" + k, i, "GET", DATA));
      }
    }
    f.add("retail", event("r", 0, "GET", DATA));
    List<FairAccessLimits.Limit> limits = f.recommend(0.5, 2);
    assertThat(limits)
        .extracting(FairAccessLimits.Limit::population)
        .containsExactly("bot", "retail");
    FairAccessLimits.Limit bot = limits.get(0);
    assertThat(bot.sessions()).isEqualTo(100);
    assertThat(bot.quantileRps()).isCloseTo(5.0, within(0.05));
    assertThat(bot.observedMaxRps()).isCloseTo(10.0, within(0.1));
    assertThat(bot.limitRps()).isCloseTo(10.0, within(0.1));
    assertThat(FairAccessLimits.limitOf(limits, "retail", EndpointRole.MARKET_DATA))
        .isCloseTo(0.2, within(0.002));
    assertThat(FairAccessLimits.limitOf(limits, "retail", EndpointRole.ORDERS)).isNaN();
  }

  @Test
  void sessionsOutsideTheBasisAreMeasuredButDoNotMoveTheLimit() {
    FairAccessLimits f = new FairAccessLimits(EndpointRoles.defaults());
    f.add("bot", event("benign", 0, "GET", DATA));
    for (int i = 0; i < 900; i++) {
      f.add("bot", event("flood", i * 10L, "GET", DATA), false);
    }
    List<FairAccessLimits.Limit> limits = f.recommend(1.0, 1.0);
    assertThat(f.peak("flood", EndpointRole.MARKET_DATA)).isEqualTo(90.0);
    assertThat(f.excludedCount()).isEqualTo(1);
    assertThat(limits).singleElement().satisfies(l -> assertThat(l.sessions()).isEqualTo(1));
    assertThat(limits.get(0).limitRps()).isCloseTo(0.1, within(0.001));
  }

  @Test
  void apiKeySessionsAndInteractiveOnesAreTwoPopulationsWithoutLabels() {
    AccessEvent signed =
        AccessEvent.newBuilder(event("k", 0, "GET", DATA)).setAuthMethod(AuthMethod.HMAC).build();
    assertThat(FairAccessLimits.populationByAuth(signed)).isEqualTo(FairAccessLimits.API_KEY);
    assertThat(FairAccessLimits.populationByAuth(event("w", 0, "GET", DATA)))
        .isEqualTo(FairAccessLimits.INTERACTIVE);
  }

  @Test
  void aQuantileOutsideZeroToOneOrAHeadroomBelowOneIsRefused() {
    FairAccessLimits f = new FairAccessLimits(EndpointRoles.defaults());
    assertThatThrownBy(() -> f.recommend(0, 2)).hasMessageContaining("quantile");
    assertThatThrownBy(() -> f.recommend(1.5, 2)).hasMessageContaining("quantile");
    assertThatThrownBy(() -> f.recommend(0.99, 0.5)).hasMessageContaining("headroom");
  }
}
