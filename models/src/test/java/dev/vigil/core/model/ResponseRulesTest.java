package dev.vigil.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The optional response keys under {@code policy}: defaults when absent, strict when present. */
class ResponseRulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode defaultTree() throws Exception {
    return (ObjectNode) JSON.readTree(Files.readAllBytes(Path.of("artifacts/vigil-model.json")));
  }

  private static RiskModel parse(ObjectNode tree) throws Exception {
    return RiskModelLoader.parse(JSON.writeValueAsBytes(tree));
  }

  @Test
  void theDefaultModelSetsEveryKeyToItsDocumentedValue() {
    ResponseRules r = RiskModelLoader.defaults().policy.response;
    assertThat(r.killMinKindLlr).isEqualTo(1.0);
    assertThat(r.holdEnter).isEqualTo(0.02);
    assertThat(r.holdSeconds).isEqualTo(86_400L);
    assertThat(r.killBreakerRatio).isEqualTo(10.0);
    assertThat(r.killBreakerMinKills).isEqualTo(10.0);
    assertThat(r.breakerEnabled()).isTrue();
  }

  @Test
  void aModelWrittenBeforeTheKeysKeepsTheSafetyRulesOnAndHoldsOff() throws Exception {
    RiskModel old =
        RiskModelLoader.parse(
            getClass().getResourceAsStream("/model/vigil-default-2.json").readAllBytes());
    ResponseRules r = old.policy.response;
    assertThat(r.killMinKindLlr).isEqualTo(ResponseRules.DEFAULT_KILL_MIN_KIND_LLR);
    assertThat(r.breakerEnabled()).isTrue();
    assertThat(r.holdEnter).isGreaterThan(1.0);
    assertThat(r.holdSeconds).isEqualTo(86_400L);
  }

  @Test
  void aHoldThresholdAboveTheStepUpThresholdIsRefused() throws Exception {
    ObjectNode t = defaultTree();
    ((ObjectNode) t.get("policy")).put("holdEnter", 0.5);
    assertThatThrownBy(() -> parse(t)).hasMessageContaining("policy.holdEnter");
  }

  @Test
  void aRecentHalfLifeNotShorterThanTheBaselineIsRefused() throws Exception {
    ObjectNode t = defaultTree();
    ((ObjectNode) t.get("policy")).put("killBreakerRecentHalfLifeSeconds", 86_400);
    assertThatThrownBy(() -> parse(t)).hasMessageContaining("killBreakerRecentHalfLifeSeconds");
  }

  @Test
  void zeroMinimumKillsTurnsTheBreakerOff() throws Exception {
    ObjectNode t = defaultTree();
    ((ObjectNode) t.get("policy")).put("killBreakerMinKills", 0);
    assertThat(parse(t).policy.response.breakerEnabled()).isFalse();
  }
}
