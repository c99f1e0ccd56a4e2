package dev.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Each benign behaviour a world turns up shows in the traffic. */
class WorldBehaviourTest {
  private static final String RETAIL_ONLY =
      "{\"populations\": {\"retail\": 1, \"bot\": 0, \"market_maker\": 0,"
          + " \"institutional\": 0}, \"scenarios\": {}, \"hard_cases\": {}}";

  private static SimFixture retail(WorldParameters p, int accounts, long hours) {
    return new SimFixture(
        new SimulationConfig(accounts, hours * 3_600_000L, 5, SimFixture.mix(RETAIL_ONLY))
            .withParameters(p));
  }

  @Test
  void phonesHopBetweenCarrierPrefixesAndToTheHomeWifi() {
    WorldParameters p = new WorldParameters(GeoNoise.NONE, 50, 0.9, 1.0, 0.5, 0.1, 0, 0, 0, 0);
    SimFixture run = retail(p, 150, 3);
    int hoppingSessions = 0;
    int wifiHops = 0;
    for (var session : run.bySession().values()) {
      Account a = run.accounts.get(session.get(0).user());
      Set<String> ips = new HashSet<>();
      boolean onCarrier = false;
      boolean onHome = false;
      for (SimFixture.Ev e : session) {
        ips.add(e.ip());
        onCarrier |= e.asn() == a.mobileAsn.number();
        onHome |= e.asn() == a.homeAsn.number();
      }
      if (onCarrier && ips.size() > 1) {
        hoppingSessions++;
        wifiHops += onHome ? 1 : 0;
      }
    }
    assertThat(hoppingSessions).isGreaterThan(10);
    assertThat(wifiHops).isPositive();
    assertThat(run.labels.values())
        .anySatisfy(l -> assertThat(l.path("hard_case").asText()).isEqualTo("mobile_hopping"));
  }

  @Test
  void appBuildsMoveUpAndSometimesBack() {
    WorldParameters p = new WorldParameters(GeoNoise.NONE, 50, 0.9, 0, 0, 0.1, 0.3, 0.2, 0, 0);
    Map<String, TreeSet<Integer>> builds = new HashMap<>();
    Map<String, Integer> initial = new HashMap<>();
    SimulationConfig c =
        new SimulationConfig(150, 6 * 3_600_000L, 5, SimFixture.mix(RETAIL_ONLY)).withParameters(p);
    Simulator probe = new Simulator(c);
    for (Account a : probe.accounts()) {
      if (a.mobileDevice != null) {
        initial.put(a.id(), AppChurn.minor(a.mobileDevice.userAgent()));
      }
    }
    new SimFixture(
        c,
        e -> {
          String ua = e.path("user_agent.original").asText("");
          int minor = AppChurn.minor(ua);
          if (minor >= 0) {
            builds.computeIfAbsent(e.get("user.id").asText(), k -> new TreeSet<>()).add(minor);
          }
        });
    int updated = 0;
    int downgraded = 0;
    for (Map.Entry<String, TreeSet<Integer>> e : builds.entrySet()) {
      int first = initial.get(e.getKey());
      updated += e.getValue().last() > first ? 1 : 0;
      downgraded += e.getValue().first() < first ? 1 : 0;
    }
    assertThat(updated).isPositive();
    assertThat(downgraded).isPositive();
  }

  @Test
  void ownersPayOutToANewWalletAtTheWorldsShare() {
    assertThat(newWalletShare(0)).isZero();
    assertThat(newWalletShare(0.2)).isBetween(0.13, 0.27);
  }

  private static double newWalletShare(double share) {
    WorldParameters p = new WorldParameters(GeoNoise.NONE, 50, 0.45, 0, 0, share, 0, 0, 0, 0);
    int[] counts = new int[2];
    Map<String, String> added = new HashMap<>();
    new SimFixture(
        new SimulationConfig(800, 24 * 3_600_000L, 5, SimFixture.mix(RETAIL_ONLY))
            .withParameters(p),
        e -> {
          if (!e.get("http.request.method").asText().equals("POST")) {
            return;
          }
          String path = e.get("url.path").asText();
          String session = e.get("session.id").asText();
          if (path.equals("/api/v3/wallet/whitelist")) {
            added.put(session, e.get("exchange.withdrawal.address").asText());
          } else if (path.equals("/api/v3/wallet/withdrawals")) {
            counts[0]++;
            if (e.get("exchange.withdrawal.address").asText().equals(added.remove(session))) {
              counts[1]++;
            }
          }
        });
    assertThat(counts[0]).isGreaterThan(150);
    return (double) counts[1] / counts[0];
  }

  @Test
  void botsFailOverToAnotherProvider() {
    WorldParameters p = new WorldParameters(GeoNoise.NONE, 50, 0.45, 0, 0, 0.1, 0, 0, 1.0, 0);
    SimFixture run =
        new SimFixture(
            new SimulationConfig(
                    40,
                    2 * 3_600_000L,
                    5,
                    SimFixture.mix(
                        "{\"populations\": {\"bot\": 1}, \"scenarios\": {},"
                            + " \"hard_cases\": {\"bot_failover\": 1}}"))
                .withParameters(p));
    int failovers = 0;
    for (var session : run.bySession().values()) {
      SimFixture.Ev first = session.get(0);
      if (run.label(first).path("hard_case").asText().equals("bot_failover")) {
        Account a = run.accounts.get(first.user());
        assertThat(first.asn()).isNotEqualTo(a.homeAsn.number());
        failovers++;
      }
    }
    assertThat(failovers).isGreaterThan(20);
  }

  @Test
  void homeLineScrapersRunTheirOwnSessionFromTheOwnersBroadband() {
    WorldParameters p = new WorldParameters(GeoNoise.NONE, 50, 0.45, 0, 0, 0.1, 0, 0, 0, 1.0);
    SimFixture run =
        new SimFixture(
            new SimulationConfig(
                    100,
                    40 * 60_000L,
                    5,
                    SimFixture.mix(
                        "{\"populations\": {\"retail\": 1}, \"scenarios\":"
                            + " {\"abuse_scraping\": 0.03}, \"hard_cases\": {}}"))
                .withParameters(p));
    int scrapers = 0;
    for (var session : run.bySession().values()) {
      var label = run.label(session.get(0));
      if (!label.get("label").asText().equals("abuse_scraping")) {
        continue;
      }
      scrapers++;
      Account a = run.accounts.get(session.get(0).user());
      assertThat(label.get("population").asText()).isEqualTo("retail");
      assertThat(label.get("kind").asText()).isEqualTo("abuse");
      assertThat(label.get("attacker_requests").intValue()).isEqualTo(session.size());
      assertThat(session.get(0).path()).isEqualTo("/api/v3/auth/login");
      assertThat(session).allSatisfy(e -> assertThat(e.asn()).isEqualTo(a.homeAsn.number()));
      assertThat(session.size()).isGreaterThan(100);
    }
    assertThat(scrapers).isEqualTo(3);
  }
}
