package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.evidence.EvidenceBuffer;
import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.evidence.EvidenceKind;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.NetworkType;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Travel and concurrency count each fact once, and GeoIP noise is not travel. */
class TravelAndConcurrencyEvidenceTest {
  private static final String PROXY_SAME_COUNTRY = "92.184.100.7"; // another French ISP

  /** Sum of LLR and number of terms per code over a run of events. */
  static final class Tally {
    final Map<EvidenceCode, Double> llr = new EnumMap<>(EvidenceCode.class);
    final Map<EvidenceCode, Integer> count = new EnumMap<>(EvidenceCode.class);
    double lastProbability;

    void add(Scored s) {
      EvidenceBuffer b = s.evidence();
      for (int i = 0; i < b.size(); i++) {
        llr.merge(b.code(i), b.llr(i), Double::sum);
        count.merge(b.code(i), 1, Integer::sum);
      }
      lastProbability = s.probability();
    }

    int count(EvidenceCode c) {
      return count.getOrDefault(c, 0);
    }

    double llr(EvidenceCode c) {
      return llr.getOrDefault(c, 0.0);
    }
  }

  static Tally run(SessionHarness h, Iterable<AccessEvent> events) {
    Tally t = new Tally();
    for (AccessEvent e : events) {
      t.add(h.score(e));
    }
    return t;
  }

  private static java.util.List<AccessEvent> list() {
    return new java.util.ArrayList<>();
  }

  @Test
  void oneNetworkJitteringHundredsOfKmPerRequestIsNoTravel() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(10, 30) + 86_400_000L;
    SplittableRandom rng = new SplittableRandom(3);
    var events = list();
    for (int i = 0; i < 100; i++) {
      // The same /24 placed anywhere within about 700 km of Paris, one request a second.
      events.add(
          Events.owner("jitter", t + i * 1_000L)
              .setLatitude(48.85 + rng.nextDouble(-5, 5))
              .setLongitude(2.35 + rng.nextDouble(-5, 5))
              .build());
    }
    Tally tally = run(h, events);
    assertThat(tally.count(EvidenceCode.IMPOSSIBLE_TRAVEL)).isZero();
  }

  @Test
  void twoNetworks5000KmApartWithinAMinuteTravelOnceHoweverOftenRepeated() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(10, 30) + 86_400_000L;
    var events = list();
    for (int i = 0; i < 40; i++) {
      AccessEvent.Builder e = Events.owner("travel", t + i * 1_500L);
      if (i >= 20) {
        // Moscow-like coordinates, about 2,500 km, then New York: 5,800 km from Paris.
        e.setSourceIp("198.51.100.20").setCountry("US").setLatitude(40.7).setLongitude(-74.0);
      }
      events.add(e.build());
    }
    Tally tally = run(h, events);
    assertThat(tally.count(EvidenceCode.IMPOSSIBLE_TRAVEL)).isEqualTo(1);
    assertThat(tally.llr(EvidenceCode.IMPOSSIBLE_TRAVEL)).isPositive();
  }

  @Test
  void aHostingNetworkIsNeverTravel() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(10, 30) + 86_400_000L;
    var events = list();
    for (int i = 0; i < 10; i++) {
      AccessEvent.Builder e = Events.owner("cloud", t + i * 1_500L);
      if (i % 2 == 1) {
        e.setSourceIp("45.77.200.9")
            .setLatitude(1.29)
            .setLongitude(103.85)
            .setNetworkType(NetworkType.HOSTING);
      }
      events.add(e.build());
    }
    assertThat(run(h, events).count(EvidenceCode.IMPOSSIBLE_TRAVEL)).isZero();
  }

  @Test
  void aPhoneMovingBetweenItsCarrierAndAWifiIsNoTravelButTheSameJumpBetweenLinesIs() {
    // Paris to New York (5,800 km) in 2 s: a move between two residential lines; none when either
    // end is a mobile network, whose address is placed at the carrier's gateway (home-routed
    // roaming puts it in the SIM's country); travel again when a model turns the rule off.
    NetworkType[][] ends = {
      {NetworkType.RESIDENTIAL, NetworkType.RESIDENTIAL},
      {NetworkType.MOBILE, NetworkType.RESIDENTIAL},
      {NetworkType.RESIDENTIAL, NetworkType.MOBILE},
    };
    int[] expected = {1, 0, 0, 1};
    for (int k = 0; k < expected.length; k++) {
      SessionHarness h = k < 3 ? new SessionHarness() : new SessionHarness(travelOnMobile());
      long t = h.trainOwner(10, 30) + 86_400_000L;
      var events = list();
      for (int i = 0; i < 4; i++) {
        AccessEvent.Builder e = Events.owner("carrier", t + i * 2_000L);
        e.setNetworkType(ends[Math.min(k, 1)][i < 2 ? 0 : 1]);
        if (i >= 2) {
          e.setSourceIp("198.51.100.20").setLatitude(40.7).setLongitude(-74.0);
        }
        events.add(e.build());
      }
      // Between two fixed lines the jump is first a fixed_line_hop, and the travel leg adds only
      // what it weighs beyond it (here nothing: both ends in the owner's AS, discounted): one of
      // the two terms counts the move.
      Tally tally = run(h, events);
      assertThat(
              tally.count(EvidenceCode.IMPOSSIBLE_TRAVEL)
                  + tally.count(EvidenceCode.FIXED_LINE_HOP))
          .as("case %s", k)
          .isEqualTo(expected[k]);
    }
  }

  /** The default model with {@code evidence.travelSkipsMobile} turned off. */
  private static dev.vigil.core.model.RiskModel travelOnMobile() {
    try {
      var json = new com.fasterxml.jackson.databind.ObjectMapper();
      var tree =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              json.readTree(java.nio.file.Path.of("artifacts/vigil-model.json").toFile());
      ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("evidence"))
          .put("travelSkipsMobile", false);
      return dev.vigil.core.model.RiskModelLoader.parse(json.writeValueAsBytes(tree));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theDistanceIsNetOfBothAccuracyRadii() {
    // Paris to Berlin, 880 km in 2 s: travel with the default radius (880 - 200 > 300), none when
    // GeoIP says each point is known only within 300 km (880 - 600 < 300).
    for (double radius : new double[] {Double.NaN, 300.0}) {
      SessionHarness h = new SessionHarness();
      long t = h.trainOwner(10, 30) + 86_400_000L;
      var events = list();
      for (int i = 0; i < 4; i++) {
        AccessEvent.Builder e = Events.owner("radius", t + i * 2_000L);
        if (i >= 2) {
          e.setSourceIp("91.64.1.2").setCountry("DE").setLatitude(52.52).setLongitude(13.40);
        }
        if (!Double.isNaN(radius)) {
          e.setGeoAccuracyKm(radius);
        }
        events.add(e.build());
      }
      assertThat(run(h, events).count(EvidenceCode.IMPOSSIBLE_TRAVEL))
          .as("radius %s", radius)
          .isEqualTo(Double.isNaN(radius) ? 1 : 0);
    }
  }

  @Test
  void aCookieInterleavedFromASameCountryProxyWithTheOwnersClientIsConcurrentUse() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(10, 30) + 86_400_000L;
    var events = list();
    for (int i = 0; i < 5; i++) {
      events.add(Events.owner("hijacked", t + i * 3_000L).build());
    }
    // The thief replays the cookie from a French residential proxy with the owner's user agent,
    // while the owner keeps working: A, B, A, B, ... a few seconds apart.
    for (int i = 0; i < 30; i++) {
      AccessEvent.Builder e = Events.owner("hijacked", t + 15_000L + i * 2_000L);
      if (i % 2 == 0) {
        e.setSourceIp(PROXY_SAME_COUNTRY)
            .setAsNumber(51207L)
            .setLatitude(48.11)
            .setLongitude(-1.68);
      }
      events.add(e.build());
    }
    Tally tally = run(h, events);
    assertThat(tally.count(EvidenceCode.INTERLEAVED_NETWORKS)).isEqualTo(1);
    assertThat(EvidenceCode.INTERLEAVED_NETWORKS.kind()).isEqualTo(EvidenceKind.CONCURRENCY);
    assertThat(tally.count(EvidenceCode.CONCURRENT_NETWORKS)).isLessThanOrEqualTo(1);
    assertThat(tally.count(EvidenceCode.NEW_NETWORK)).isLessThanOrEqualTo(2);
    assertThat(tally.lastProbability).isGreaterThan(0.1);
  }

  @Test
  void aPhoneHoppingBetweenCarrierAndHomeWifiIsNotConcurrentUse() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(10, 30) + 86_400_000L;
    var events = list();
    // Wi-Fi for 3 minutes, the carrier for 3 minutes, back on Wi-Fi, and so on: switches minutes
    // apart, one client, the same city.
    for (int i = 0; i < 72; i++) {
      AccessEvent.Builder e = Events.owner("phone", t + i * 10_000L);
      if ((i / 18) % 2 == 1) {
        e.setSourceIp("37.171.20.4").setAsNumber(51207L).setLatitude(48.86).setLongitude(2.34);
      }
      events.add(e.build());
    }
    Tally tally = run(h, events);
    assertThat(tally.count(EvidenceCode.INTERLEAVED_NETWORKS)).isZero();
    assertThat(tally.count(EvidenceCode.CONCURRENT_NETWORKS)).isZero();
    assertThat(tally.count(EvidenceCode.IMPOSSIBLE_TRAVEL)).isZero();
    assertThat(tally.lastProbability).isLessThan(0.01);
  }

  @Test
  void anUnusualPathToAWithdrawalCountsOnceHoweverOftenThePhoneChangesNetwork() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(10, 30) + 86_400_000L;
    var events = list();
    // The owner's phone, hopping between the home wifi and two carrier prefixes, withdrawing after
    // each hop: a path to a withdrawal this account never took, from three networks in turn.
    String[][] networks = {
      {"81.250.10.23", "3215"}, {"37.171.20.4", "51207"}, {"37.171.96.8", "51207"}
    };
    for (int i = 0; i < 12; i++) {
      String[] n = networks[i % 3];
      events.add(
          Events.owner("phone", t + i * 30_000L)
              .setSourceIp(n[0])
              .setAsNumber(Long.parseLong(n[1]))
              .build());
      events.add(
          Events.owner("phone", t + i * 30_000L + 5_000L)
              .setSourceIp(n[0])
              .setAsNumber(Long.parseLong(n[1]))
              .setMethod("POST")
              .setPath("/api/v1/withdraw")
              .build());
    }
    Tally tally = run(h, events);
    assertThat(tally.count(EvidenceCode.UNUSUAL_TRANSITION)).isEqualTo(1);
  }

  @Test
  void twoClientsInterleavedOnOneSessionAreConcurrentUseOnce() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(10, 30) + 86_400_000L;
    var events = list();
    for (int i = 0; i < 20; i++) {
      AccessEvent.Builder e = Events.owner("two-clients", t + i * 2_000L);
      if (i % 2 == 1) {
        e.setUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0 Safari/537.36");
      }
      events.add(e.build());
    }
    Tally tally = run(h, events);
    assertThat(tally.count(EvidenceCode.INTERLEAVED_CLIENTS)).isEqualTo(1);
    assertThat(EvidenceCode.INTERLEAVED_CLIENTS.kind()).isEqualTo(EvidenceKind.CONCURRENCY);
    assertThat(tally.count(EvidenceCode.NEW_CLIENT)).as("once per client and session").isEqualTo(2);
  }

  @Test
  void aClientSwitchThatStaysIsNotInterleaving() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(10, 30) + 86_400_000L;
    var events = list();
    for (int i = 0; i < 20; i++) {
      AccessEvent.Builder e = Events.owner("switch", t + i * 2_000L);
      if (i >= 10) {
        e.setUserAgent("Mozilla/5.0 (Macintosh) Firefox/129.0");
      }
      events.add(e.build());
    }
    assertThat(run(h, events).count(EvidenceCode.INTERLEAVED_CLIENTS)).isZero();
  }
}
