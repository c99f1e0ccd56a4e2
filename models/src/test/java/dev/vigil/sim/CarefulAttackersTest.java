package dev.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The careful-attacker scenarios look as specified, event by event, and are labelled. */
class CarefulAttackersTest {
  /** The fields these checks read, per event. */
  record Row(
      String id,
      long time,
      String session,
      String user,
      String ip,
      String country,
      String networkType,
      String userAgent,
      String method,
      String path,
      int status,
      String auth,
      Boolean mfa,
      String apiKey,
      String address) {}

  private static final Map<String, List<Row>> sessions = new HashMap<>();
  private static SimFixture run;

  @BeforeAll
  static void simulate() {
    ScenarioMix mix =
        SimFixture.mix(
            "{\"populations\":{\"retail\":0.88,\"bot\":0.12,\"market_maker\":0,"
                + "\"institutional\":0},\"scenarios\":{\"sim_swap\":0.03,"
                + "\"readonly_key_exfil\":0.02,\"cookie_hijack_local\":0.03},"
                + "\"hard_cases\":{}}");
    run =
        new SimFixture(
            new SimulationConfig(300, 40 * 60_000L, 21, mix),
            e -> {
              Row r = row(e);
              sessions.computeIfAbsent(r.session(), k -> new ArrayList<>()).add(r);
            });
  }

  private static Row row(JsonNode e) {
    return new Row(
        e.get("event.id").asText(),
        Instant.parse(e.get("@timestamp").asText()).toEpochMilli(),
        e.get("session.id").asText(),
        e.get("user.id").asText(),
        e.get("source.ip").asText(),
        e.get("source.geo.country_iso_code").asText(),
        e.get("source.network.type").asText(),
        e.path("user_agent.original").asText(null),
        e.get("http.request.method").asText(),
        e.get("url.path").asText(),
        e.get("http.response.status_code").intValue(),
        e.path("exchange.auth.method").asText(null),
        e.has("exchange.auth.mfa") ? e.get("exchange.auth.mfa").booleanValue() : null,
        e.path("exchange.api_key.id").asText(null),
        e.path("exchange.withdrawal.address").asText(null));
  }

  private static List<JsonNode> labelled(Scenario s) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode l : run.labels.values()) {
      if (l.get("label").asText().equals(s.id())) {
        assertThat(l.get("kind").asText()).isEqualTo("compromise");
        out.add(l);
      }
    }
    assertThat(out).as(s.id()).isNotEmpty();
    return out;
  }

  private static Set<String> attackerIds(JsonNode label) {
    Set<String> ids = new HashSet<>();
    label.get("attacker_event_ids").forEach(n -> ids.add(n.asText()));
    return ids;
  }

  @Test
  void simSwapPassesMfaOnTheVictimsCarrierCountryInTheVictimsAppThenCashesOut() {
    for (JsonNode l : labelled(Scenario.SIM_SWAP)) {
      Account victim = run.accounts.get(l.get("user.id").asText());
      List<Row> rows = sessions.get(l.get("session.id").asText());
      assertThat(l.get("population").asText()).isEqualTo("attacker");
      assertThat(rows).hasSize(l.get("attacker_requests").intValue());
      Row mfa = rows.get(1);
      assertThat(mfa.path()).isEqualTo("/api/v3/auth/mfa");
      assertThat(mfa.status()).isEqualTo(200);
      assertThat(mfa.mfa()).isTrue();
      assertThat(rows).allSatisfy(r -> assertThat(r.networkType()).isEqualTo("mobile"));
      assertThat(rows).allSatisfy(r -> assertThat(r.country()).isEqualTo(victim.home.code()));
      String ua = rows.get(0).userAgent();
      assertThat(ua).contains("DerivXApp/");
      if (victim.mobileDevice != null) {
        // The victim's app at the victim's build, on another phone.
        String build = ua.replaceAll(".*(DerivXApp/[0-9.]+).*", "$1");
        assertThat(victim.mobileDevice.userAgent()).contains(build);
        assertThat(ua).isNotEqualTo(victim.mobileDevice.userAgent());
      }
      assertThat(ua).isNotEqualTo(victim.device.userAgent());
      assertCashOutToANewAddress(rows);
    }
  }

  @Test
  void readOnlyKeyExfiltrationPagesHistoryWithTheVictimsKeyFromAbroadAndNeverWrites() {
    for (JsonNode l : labelled(Scenario.READONLY_KEY_EXFIL)) {
      Account victim = run.accounts.get(l.get("user.id").asText());
      List<Row> rows = sessions.get(l.get("session.id").asText());
      assertThat(rows.size()).isBetween(1, 120);
      for (Row r : rows) {
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path())
            .isIn(
                "/api/v3/account/balances",
                "/api/v3/account/trades",
                "/api/v3/orders/history",
                "/api/v3/account/trades/export");
        assertThat(r.auth()).isEqualTo("hmac");
        assertThat(r.apiKey()).isEqualTo(victim.apiKeyId());
        assertThat(r.networkType()).isIn("hosting", "vpn");
        assertThat(r.country()).isNotEqualTo(victim.homeAsn.country().code());
      }
    }
  }

  @Test
  void cookieHijackRidesTheOwnersLiveSessionBesideTheOwnerFromAnotherLocalAddress() {
    int interleaved = 0;
    for (JsonNode l : labelled(Scenario.COOKIE_HIJACK_LOCAL)) {
      Account victim = run.accounts.get(l.get("user.id").asText());
      assertThat(l.get("population").asText()).isEqualTo("retail");
      Set<String> ids = attackerIds(l);
      List<Row> attacker = new ArrayList<>();
      List<Row> owner = new ArrayList<>();
      for (Row r : sessions.get(l.get("session.id").asText())) {
        (ids.contains(r.id()) ? attacker : owner).add(r);
      }
      assertThat(owner).isNotEmpty();
      Set<String> ownerIps = new HashSet<>();
      owner.forEach(r -> ownerIps.add(r.ip()));
      for (Row a : attacker) {
        assertThat(a.userAgent()).isEqualTo(owner.get(0).userAgent());
        assertThat(ownerIps).doesNotContain(a.ip());
        assertThat(a.country()).isEqualTo(victim.home.code());
        assertThat(a.networkType()).isEqualTo("residential");
      }
      boolean near = false;
      for (Row a : attacker) {
        for (Row o : owner) {
          near |= Math.abs(a.time() - o.time()) <= 10_000;
        }
      }
      interleaved += near ? 1 : 0;
      assertCashOutToANewAddress(attacker);
    }
    assertThat(interleaved).isPositive();
  }

  private static void assertCashOutToANewAddress(List<Row> rows) {
    int add = -1;
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).path().equals("/api/v3/wallet/whitelist")
          && rows.get(i).method().equals("POST")) {
        add = i;
      }
    }
    assertThat(add).as("a whitelist add").isNotNegative();
    String address = rows.get(add).address();
    List<Row> after = rows.subList(add + 1, rows.size());
    assertThat(after).isNotEmpty();
    assertThat(after)
        .allSatisfy(
            r -> {
              assertThat(r.path()).isEqualTo("/api/v3/wallet/withdrawals");
              assertThat(r.method()).isEqualTo("POST");
              assertThat(r.address()).isEqualTo(address);
            });
  }
}
