package dev.vigil.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RiskModelLoaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode defaultTree() throws Exception {
    return (ObjectNode) JSON.readTree(Files.readAllBytes(Path.of("artifacts/vigil-model.json")));
  }

  private static RiskModel parse(ObjectNode tree) throws Exception {
    return RiskModelLoader.parse(JSON.writeValueAsBytes(tree));
  }

  @Test
  void documentedDefaultLoadsFromFileAndClassPathAlike() throws Exception {
    RiskModel file = RiskModelLoader.load(Path.of("artifacts/vigil-model.json"));
    RiskModel cp = RiskModelLoader.defaults();
    assertThat(file.modelVersion).isEqualTo(cp.modelVersion).isNotBlank();
    assertThat(file.formatVersion).isEqualTo(RiskModel.FORMAT_VERSION);
    assertThat(cp.policy.aal2.maxAbsoluteSeconds).isEqualTo(86_400);
    assertThat(cp.policy.aal2.maxIdleSeconds).isEqualTo(3_600);
    assertThat(cp.policy.aal3.maxAbsoluteSeconds).isEqualTo(43_200);
    assertThat(cp.policy.aal3.maxIdleSeconds).isEqualTo(900);
  }

  @Test
  void rejectsUnknownKeyNamingItsPath() throws Exception {
    ObjectNode t = defaultTree();
    ((ObjectNode) t.get("filter")).put("hazzard", 0.1);
    assertThatThrownBy(() -> parse(t))
        .isInstanceOf(ModelValidationException.class)
        .hasMessageContaining("filter.hazzard")
        .hasMessageContaining("unknown key");
  }

  @Test
  void rejectsUnknownTopLevelKey() throws Exception {
    ObjectNode t = defaultTree();
    t.put("extra", 1);
    assertThatThrownBy(() -> parse(t))
        .hasMessageContaining("extra")
        .hasMessageContaining("unknown key");
  }

  @Test
  void rejectsValueOutOfRangeNamingTheAllowedRange() throws Exception {
    ObjectNode t = defaultTree();
    ((ObjectNode) t.get("filter")).put("hazardPerRequest", 0.5);
    assertThatThrownBy(() -> parse(t))
        .isInstanceOf(ModelValidationException.class)
        .hasMessageContaining("filter.hazardPerRequest")
        .hasMessageContaining("out of range")
        .hasMessageContaining("[0.0, 0.1]");
  }

  @Test
  void rejectsMissingFieldNamingItsNestedPath() throws Exception {
    ObjectNode t = defaultTree();
    ((ObjectNode) t.get("evidence").get("weights")).remove("networkAsn");
    assertThatThrownBy(() -> parse(t))
        .isInstanceOf(ModelValidationException.class)
        .hasMessageContaining("evidence.weights.networkAsn")
        .hasMessageContaining("missing required field");
  }

  @Test
  void rejectsWrongType() throws Exception {
    ObjectNode t = defaultTree();
    ((ObjectNode) t.get("features")).put("newNetwork", "yes");
    assertThatThrownBy(() -> parse(t))
        .hasMessageContaining("features.newNetwork")
        .hasMessageContaining("true or false");
  }

  @Test
  void rejectsAForeignFormatVersion() throws Exception {
    ObjectNode t = defaultTree();
    t.put("formatVersion", 2);
    assertThatThrownBy(() -> parse(t))
        .hasMessageContaining("formatVersion")
        .hasMessageContaining("[1, 1]");
  }

  @Test
  void rejectsASensitiveEntryThatIsNeitherAPathNorMethodAndPath() throws Exception {
    ObjectNode t = defaultTree();
    ((com.fasterxml.jackson.databind.node.ArrayNode) t.get("evidence").get("sensitivePathPrefixes"))
        .add("post /api/v3/wallet/withdrawals");
    assertThatThrownBy(() -> parse(t))
        .hasMessageContaining("evidence.sensitivePathPrefixes[8]")
        .hasMessageContaining("METHOD /path");
  }

  @Test
  void methodQualifiedSensitiveEntryMatchesThatMethodOnly() throws Exception {
    RiskModel m = parse(defaultTree());
    dev.vigil.core.evidence.EventFeatures f = new dev.vigil.core.evidence.EventFeatures();
    f.extract(event("GET", "/api/v3/wallet/withdrawals"), m);
    assertThat(f.sensitive).isFalse();
    f.extract(event("POST", "/api/v3/wallet/withdrawals"), m);
    assertThat(f.sensitive).isTrue();
    f.extract(event("GET", "/api/v1/withdraw/history"), m);
    assertThat(f.sensitive).isTrue();
  }

  private static dev.vigil.schema.AccessEvent event(String method, String path) {
    return dev.vigil.schema.AccessEvent.newBuilder()
        .setEventId("e")
        .setTimestamp(0L)
        .setIngestedAt(0L)
        .setSessionId("s")
        .setAccountId("a")
        .setSourceIp("198.18.0.1")
        .setMethod(method)
        .setPath(path)
        .setStatus(200)
        .build();
  }

  @Test
  void rejectsThresholdsThatWouldBreakHysteresis() throws Exception {
    ObjectNode t = defaultTree();
    ((ObjectNode) t.get("policy")).put("stepUpExit", 0.6);
    assertThatThrownBy(() -> parse(t)).hasMessageContaining("stepUpExit < stepUpEnter < killEnter");
  }

  @Test
  void rejectsDuplicateKeysAndMalformedJson() {
    assertThatThrownBy(() -> RiskModelLoader.parse("{\"formatVersion\":1,\"formatVersion\":1}"))
        .isInstanceOf(ModelValidationException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> RiskModelLoader.parse("{\"formatVersion\":1"))
        .isInstanceOf(ModelValidationException.class);
    assertThatThrownBy(() -> RiskModelLoader.parse("[]"))
        .hasMessageContaining("must be a JSON object");
  }

  @Test
  void readmeDocumentsEveryKeyOfTheDefaultModel() throws Exception {
    String readme = Files.readString(Path.of("artifacts/README.md"));
    java.util.List<String> missing = new java.util.ArrayList<>();
    collectKeys(defaultTree(), "", missing, readme);
    assertThat(missing).isEmpty();
  }

  private static void collectKeys(
      com.fasterxml.jackson.databind.JsonNode n,
      String path,
      java.util.List<String> missing,
      String readme) {
    n.fieldNames()
        .forEachRemaining(
            k -> {
              String p = path.isEmpty() ? k : path + "." + k;
              if (!readme.contains("`" + p + "`")) {
                missing.add(p);
              }
              if (n.get(k).isObject()) {
                collectKeys(n.get(k), p, missing, readme);
              }
            });
  }
}
