package dev.vigil.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's endpoint roles: matching rules, validation, defaults for old model files. */
class EndpointRolesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static EndpointRoles roles(Map<String, List<String>> rules) {
    return new EndpointRoles(rules, "evidence.endpointRoles");
  }

  @Test
  void theLongestMatchingRuleWinsAndAMethodRuleWinsAtEqualLength() {
    EndpointRoles r =
        roles(
            Map.of(
                "orders", List.of("/api/v3/orders"),
                "history", List.of("GET /api/v3/orders/history"),
                "account_read", List.of("GET /api/v3/orders")));
    assertThat(r.roleOf("POST", "/api/v3/orders")).isEqualTo(EndpointRole.ORDERS);
    assertThat(r.roleOf("GET", "/api/v3/orders")).isEqualTo(EndpointRole.ACCOUNT_READ);
    assertThat(r.roleOf("GET", "/api/v3/orders/history")).isEqualTo(EndpointRole.HISTORY);
    assertThat(r.roleOf("GET", "/api/v3/orders/history/2")).isEqualTo(EndpointRole.HISTORY);
    assertThat(r.roleOf("DELETE", "/api/v3/orders/history")).isEqualTo(EndpointRole.ORDERS);
    assertThat(r.roleOf("DELETE", "/api/v3/orders/123")).isEqualTo(EndpointRole.ORDERS);
  }

  @Test
  void aRuleMatchesWholePathSegmentsOnly() {
    EndpointRoles r = roles(Map.of("history", List.of("GET /api/v3/account/trades/")));
    assertThat(r.roleOf("GET", "/api/v3/account/trades")).isEqualTo(EndpointRole.HISTORY);
    assertThat(r.roleOf("GET", "/api/v3/account/trades/")).isEqualTo(EndpointRole.HISTORY);
    assertThat(r.roleOf("GET", "/api/v3/account/trades/export")).isEqualTo(EndpointRole.HISTORY);
    assertThat(r.roleOf("GET", "/api/v3/account/tradesX")).isEqualTo(EndpointRole.OTHER);
    assertThat(r.roleOf("GET", "/api/v3/account")).isEqualTo(EndpointRole.OTHER);
    assertThat(r.roleOf("GET", null)).isEqualTo(EndpointRole.OTHER);
    assertThat(r.roleOf(null, "/api/v3/account/trades")).isEqualTo(EndpointRole.OTHER);
  }

  @Test
  void aRootRuleNamesEveryPathThatNothingLongerNames() {
    EndpointRoles r =
        roles(Map.of("market_data", List.of("GET /"), "history", List.of("/api/history")));
    assertThat(r.roleOf("GET", "/anything/at/all")).isEqualTo(EndpointRole.MARKET_DATA);
    assertThat(r.roleOf("POST", "/anything")).isEqualTo(EndpointRole.OTHER);
    assertThat(r.roleOf("GET", "/api/history/1")).isEqualTo(EndpointRole.HISTORY);
  }

  @Test
  void theDefaultsNameTheSimulatorsAndTheV1Layout() {
    EndpointRoles d = EndpointRoles.defaults();
    assertThat(d.roleOf("GET", "/api/v3/orders/history")).isEqualTo(EndpointRole.HISTORY);
    assertThat(d.roleOf("GET", "/api/v3/account/trades/export")).isEqualTo(EndpointRole.HISTORY);
    assertThat(d.roleOf("POST", "/api/v3/wallet/withdrawals")).isEqualTo(EndpointRole.WITHDRAWAL);
    assertThat(d.roleOf("GET", "/api/v3/wallet/withdrawals")).isEqualTo(EndpointRole.HISTORY);
    assertThat(d.roleOf("POST", "/api/v3/wallet/whitelist"))
        .isEqualTo(EndpointRole.ADDRESS_WHITELIST);
    assertThat(d.roleOf("PUT", "/api/v3/account/api-keys/permissions"))
        .isEqualTo(EndpointRole.KEY_MANAGEMENT);
    assertThat(d.roleOf("PUT", "/api/v3/account/security/mfa"))
        .isEqualTo(EndpointRole.SECURITY_SETTINGS);
    assertThat(d.roleOf("GET", "/api/v3/markets/BTC-PERP/orderbook"))
        .isEqualTo(EndpointRole.MARKET_DATA);
    assertThat(d.roleOf("DELETE", "/api/v3/orders")).isEqualTo(EndpointRole.ORDERS);
    assertThat(d.roleOf("POST", "/api/v3/auth/mfa")).isEqualTo(EndpointRole.SECOND_FACTOR);
    assertThat(d.roleOf("POST", "/api/v3/subaccounts/transfer")).isEqualTo(EndpointRole.OTHER);
    assertThat(d.roleOf("GET", "/api/v1/balance")).isEqualTo(EndpointRole.ACCOUNT_READ);
    assertThat(d.roleOf("GET", "/api/v1/account/security"))
        .isEqualTo(EndpointRole.SECURITY_SETTINGS);
    assertThat(d.roleOf("POST", "/api/v1/withdraw")).isEqualTo(EndpointRole.WITHDRAWAL);
    assertThat(d.roleOf("GET", "/api/v1/ticker")).isEqualTo(EndpointRole.MARKET_DATA);
  }

  @Test
  void theModelFilesSectionIsTheBuiltInDefault() throws Exception {
    RiskModel file = RiskModelLoader.load(Path.of("artifacts/vigil-model.json"));
    assertThat(file.evidence.roles.rules()).isEqualTo(EndpointRoles.defaults().rules());
  }

  @Test
  void modelFilesWithoutTheSectionGetTheDefaultsAndTheIntentTermsOff() throws Exception {
    RiskModel old =
        RiskModelLoader.parse(
            getClass().getResourceAsStream("/model/vigil-default-2.json").readAllBytes());
    assertThat(old.evidence.roles).isSameAs(EndpointRoles.defaults());
    assertThat(old.features.endpointMix).isFalse();
    assertThat(old.features.securityChangeThenWithdrawal).isFalse();
    assertThat(old.features.keyChangeInFreshSession).isFalse();
    assertThat(old.features.fastCashOut).isFalse();
    assertThat(old.evidence.intent.mixMaxLlrPerSession).isEqualTo(4.0);
  }

  @Test
  void anOperatorsOwnSectionReplacesTheDefaults() throws Exception {
    ObjectNode tree = tree();
    ObjectNode section = ((ObjectNode) tree.get("evidence")).putObject("endpointRoles");
    section.putArray("history").add("GET /v2/my-fills");
    RiskModel m = RiskModelLoader.parse(JSON.writeValueAsBytes(tree));
    assertThat(m.evidence.roles.roleOf("GET", "/v2/my-fills/7")).isEqualTo(EndpointRole.HISTORY);
    assertThat(m.evidence.roles.roleOf("GET", "/api/v3/orders/history"))
        .isEqualTo(EndpointRole.OTHER);
  }

  @Test
  void rejectsUnknownRolesMalformedRulesAndARuleNamedTwice() throws Exception {
    ObjectNode tree = tree();
    ObjectNode section = (ObjectNode) tree.get("evidence").get("endpointRoles");
    section.putArray("hist").add("/x");
    assertThatThrownBy(() -> RiskModelLoader.parse(JSON.writeValueAsBytes(tree)))
        .isInstanceOf(ModelValidationException.class)
        .hasMessageContaining("evidence.endpointRoles.hist")
        .hasMessageContaining("unknown key");
    section.remove("hist");
    ((ArrayNode) section.get("history")).add("get /x");
    assertThatThrownBy(() -> RiskModelLoader.parse(JSON.writeValueAsBytes(tree)))
        .hasMessageContaining("METHOD /path");
    ((ArrayNode) section.get("history")).remove(section.get("history").size() - 1);
    ((ArrayNode) section.get("orders")).add("GET /api/v3/orders/history/");
    assertThatThrownBy(() -> RiskModelLoader.parse(JSON.writeValueAsBytes(tree)))
        .hasMessageContaining("evidence.endpointRoles.orders")
        .hasMessageContaining("already named by evidence.endpointRoles.history[0]");
  }

  @Test
  void theAttackerIntentSharesSumToOneAndLeaveNoRoleImpossible() {
    double[] p = AttackerIntent.defaultShares();
    assertThat(p).hasSize(EndpointRole.values().length).hasSize(EndpointRole.COUNT);
    double sum = 0;
    for (double x : p) {
      assertThat(x).isPositive();
      sum += x;
    }
    assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(p[EndpointRole.HISTORY.ordinal()])
        .as("exfiltration pages history")
        .isGreaterThan(p[EndpointRole.MARKET_DATA.ordinal()]);
  }

  private static ObjectNode tree() throws Exception {
    return (ObjectNode) JSON.readTree(Files.readAllBytes(Path.of("artifacts/vigil-model.json")));
  }
}
