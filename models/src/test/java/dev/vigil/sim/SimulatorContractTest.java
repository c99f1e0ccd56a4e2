package dev.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The files obey the events contract and the labels tell the truth about the events. */
class SimulatorContractTest {
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 =
      Pattern.compile("2001:db8:[0-9a-f]{1,4}:[0-9a-f]{1,4}::[0-9a-f]{1,4}");
  private static final Set<String> AUTH =
      Set.of("hmac", "jwt", "oauth2", "password", "refresh", "mfa");
  private static final Set<String> NETWORK_TYPES =
      Set.of("residential", "mobile", "hosting", "vpn");
  private static SimFixture run;
  private static final List<String> violations = new ArrayList<>();

  @BeforeAll
  static void simulate() {
    // Few market makers: at 50-200 req/s each they would dwarf everything else.
    ScenarioMix mix =
        SimFixture.mix(
            "{\"populations\":{\"retail\":0.8,\"bot\":0.18,\"market_maker\":0.01,"
                + "\"institutional\":0.01},\"scenarios\":{\"stolen_api_key\":0.015,"
                + "\"token_hijack\":0.015,\"replay\":0.015,\"credential_stuffing\":0.01,"
                + "\"mfa_brute_force\":0.015,\"low_and_slow\":0.015,\"leaked_mm_key\":0.01,"
                + "\"abuse_flood\":0.015,\"abuse_scraping\":0.015,\"sim_swap\":0.015,"
                + "\"readonly_key_exfil\":0.015,\"cookie_hijack_local\":0.015}}");
    run =
        new SimFixture(
            new SimulationConfig(200, 20 * 60_000L, 5, mix),
            e -> {
              try {
                checkContract(e);
              } catch (AssertionError err) {
                if (violations.size() < 5) {
                  violations.add(err.getMessage() + " in " + e);
                }
              }
            });
  }

  @Test
  void everyEventCarriesTheRequiredFieldsWellFormed() {
    assertThat(run.events).hasSizeGreaterThan(10_000);
    assertThat(violations).isEmpty();
  }

  private static void checkContract(JsonNode e) {
    assertThat(e.get("@timestamp").asText()).matches(TIMESTAMP);
    for (String f :
        List.of("session.id", "user.id", "source.ip", "http.request.method", "url.path")) {
      assertThat(e.get(f)).as(f).isNotNull();
      assertThat(e.get(f).isTextual()).isTrue();
    }
    int status = e.get("http.response.status_code").intValue();
    assertThat(status).isBetween(100, 599);
    String ip = e.get("source.ip").asText();
    assertThat(IPV4.matcher(ip).matches() || IPV6.matcher(ip).matches()).as(ip).isTrue();
    assertThat(e.get("source.geo.country_iso_code").asText()).matches("[A-Z]{2}");
    assertThat(e.get("source.geo.accuracy_radius_km").doubleValue()).isPositive();
    assertThat(e.get("source.network.type").asText()).isIn(NETWORK_TYPES);
    assertThat(e.get("event.duration").longValue()).isNotNegative();
    assertThat(e.get("event.outcome").asText()).isEqualTo(status < 400 ? "success" : "failure");
    if (e.has("exchange.auth.method")) {
      assertThat(AUTH).contains(e.get("exchange.auth.method").asText());
    }
    if (e.has("exchange.order.notional_usd")) {
      assertThat(e.get("exchange.order.notional_usd").doubleValue()).isNotNegative();
    }
  }

  @Test
  void eventsAreInTimeOrderWithUniqueIds() {
    Set<String> ids = new HashSet<>();
    long last = Long.MIN_VALUE;
    for (SimFixture.Ev e : run.events) {
      long t = e.time();
      assertThat(t).isGreaterThanOrEqualTo(last);
      last = t;
      assertThat(ids.add(e.id())).isTrue();
    }
    assertThat(run.events.get(0).time()).isGreaterThanOrEqualTo(SimulationConfig.DEFAULT_START);
    assertThat(last).isLessThan(SimulationConfig.DEFAULT_START + 20 * 60_000L);
  }

  @Test
  void everyScenarioIsLabelledInTheSmallAttackMix() {
    Set<String> seen = new HashSet<>();
    run.labels.values().forEach(l -> seen.add(l.get("label").asText()));
    for (Scenario s : Scenario.values()) {
      assertThat(seen).contains(s.id());
    }
  }

  @Test
  void labelsAgreeWithTheEvents() {
    Map<String, SimFixture.Ev> byId = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (SimFixture.Ev e : run.events) {
      byId.put(e.id(), e);
      counts.merge(e.session(), 1, Integer::sum);
    }
    assertThat(run.labels.keySet()).isEqualTo(counts.keySet());
    int attacked = 0;
    for (JsonNode l : run.labels.values()) {
      String session = l.get("session.id").asText();
      assertThat(l.get("events").intValue()).isEqualTo(counts.get(session));
      if (l.get("label").asText().equals("benign")) {
        assertThat(l.get("takeover_event_id").isNull()).isTrue();
        assertThat(l.get("attacker_requests").intValue()).isZero();
        continue;
      }
      attacked++;
      Scenario s = Scenario.byId(l.get("label").asText());
      assertThat(l.get("kind").asText())
          .isIn(s.isAbuse() ? List.of("abuse") : List.of("compromise", "attempt"));
      SimFixture.Ev takeover = byId.get(l.get("takeover_event_id").asText());
      assertThat(takeover).isNotNull();
      assertThat(takeover.session()).isEqualTo(session);
      assertThat(takeover.user()).isEqualTo(l.get("user.id").asText());
      assertThat(takeover.time()).isEqualTo(l.get("takeover_time").longValue());
      JsonNode ids = l.get("attacker_event_ids");
      JsonNode times = l.get("attacker_event_times");
      assertThat(ids.size())
          .isEqualTo(l.get("attacker_requests").intValue())
          .isEqualTo(times.size());
      assertThat(ids.get(0).asText()).isEqualTo(l.get("takeover_event_id").asText());
      assertThat(ids.get(ids.size() - 1).asText())
          .isEqualTo(l.get("last_attacker_event_id").asText());
      long previous = Long.MIN_VALUE;
      for (int i = 0; i < ids.size(); i++) {
        SimFixture.Ev a = byId.get(ids.get(i).asText());
        assertThat(a.session()).isEqualTo(session);
        long t = a.time();
        assertThat(t).isEqualTo(times.get(i).longValue()).isGreaterThanOrEqualTo(previous);
        assertThat(t).isGreaterThanOrEqualTo(l.get("takeover_time").longValue());
        previous = t;
      }
      assertThat(previous).isEqualTo(l.get("last_attacker_time").longValue());
    }
    assertThat(attacked).isEqualTo(run.result.attackedSessions());
  }

  @Test
  void attackerOwnedSessionsHoldOnlyAttackerEvents() {
    for (JsonNode l : run.labels.values()) {
      if (l.get("population").asText().equals("attacker")) {
        assertThat(l.get("attacker_requests").intValue()).isEqualTo(l.get("events").intValue());
      }
    }
  }

  @Test
  void hijackedSessionsCarryTheOwnersTrafficAlongsideTheAttackers() {
    Map<String, List<SimFixture.Ev>> sessions = run.bySession();
    int concurrent = 0;
    for (JsonNode l : run.labels.values()) {
      if (!l.get("label").asText().equals("token_hijack")) {
        continue;
      }
      assertThat(l.get("population").asText()).isEqualTo("retail");
      Set<String> attackerIds = new HashSet<>();
      l.get("attacker_event_ids").forEach(n -> attackerIds.add(n.asText()));
      long from = l.get("takeover_time").longValue();
      long to = l.get("last_attacker_time").longValue();
      boolean ownerDuring = false;
      for (SimFixture.Ev e : sessions.get(l.get("session.id").asText())) {
        boolean attacker = attackerIds.contains(e.id());
        long t = e.time();
        ownerDuring |= !attacker && t > from && t < to;
      }
      if (ownerDuring) {
        concurrent++;
      }
    }
    assertThat(concurrent).isPositive();
  }

  @Test
  void benignApiKeyNoncesStrictlyIncrease() {
    Map<String, Long> lastNonce = new HashMap<>();
    int checked = 0;
    for (SimFixture.Ev e : run.events) {
      if (e.nonce() == null || !run.benign(e)) {
        continue;
      }
      String key = e.apiKey();
      long nonce = e.nonce();
      Long before = lastNonce.put(key, nonce);
      if (before != null) {
        assertThat(nonce).as("nonce of %s", key).isGreaterThan(before);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(1000);
  }

  @Test
  void replayReusesCapturedNoncesWithStaleTimestamps() {
    Map<String, Map<Long, Long>> seenNonceTime = new HashMap<>();
    int replays = 0;
    for (SimFixture.Ev e : run.events) {
      if (e.nonce() == null) {
        continue;
      }
      String key = e.apiKey();
      long nonce = e.nonce();
      JsonNode l = run.label(e);
      boolean replayed = l.get("label").asText().equals("replay") && isAttacker(l, e.id());
      if (replayed) {
        Long firstSeen = seenNonceTime.getOrDefault(key, Map.of()).get(nonce);
        assertThat(firstSeen).as("replayed nonce was used before").isNotNull();
        assertThat(e.time() - e.clientTimestamp()).as("stale client time").isGreaterThan(1000);
        replays++;
      } else {
        seenNonceTime.computeIfAbsent(key, k -> new HashMap<>()).put(nonce, e.time());
      }
    }
    assertThat(replays).isPositive();
  }

  @Test
  void abuseKeepsTheOwnersNetworkWhileStolenKeysComeFromElsewhere() {
    Map<String, List<SimFixture.Ev>> sessions = run.bySession();
    Set<Scenario> checked = EnumSet.noneOf(Scenario.class);
    for (JsonNode l : run.labels.values()) {
      Scenario s = Scenario.byId(l.get("label").asText());
      if (s == Scenario.ABUSE_FLOOD || s == Scenario.STOLEN_API_KEY) {
        Account owner = run.accounts.get(l.get("user.id").asText());
        List<Long> asns = new ArrayList<>();
        List<String> countries = new ArrayList<>();
        for (SimFixture.Ev e : sessions.get(l.get("session.id").asText())) {
          asns.add(e.asn());
          countries.add(e.country());
        }
        if (s == Scenario.ABUSE_FLOOD) {
          assertThat(asns).containsOnly(owner.homeAsn.number());
        } else {
          assertThat(countries).doesNotContain(owner.homeAsn.country().code());
        }
        checked.add(s);
      }
    }
    assertThat(checked).containsExactlyInAnyOrder(Scenario.ABUSE_FLOOD, Scenario.STOLEN_API_KEY);
  }

  private static boolean isAttacker(JsonNode label, String eventId) {
    for (JsonNode id : label.get("attacker_event_ids")) {
      if (id.asText().equals(eventId)) {
        return true;
      }
    }
    return false;
  }
}
