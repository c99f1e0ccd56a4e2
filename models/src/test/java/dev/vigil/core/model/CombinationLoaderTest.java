package dev.vigil.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.evidence.EvidenceCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The optional {@code combination} and {@code provenance} sections of the model file. */
class CombinationLoaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode tree(String file) throws Exception {
    return (ObjectNode) JSON.readTree(Files.readAllBytes(Path.of(file)));
  }

  private static RiskModel parse(ObjectNode tree) throws Exception {
    return RiskModelLoader.parse(JSON.writeValueAsBytes(tree));
  }

  @Test
  void absentSectionIsTheIdentityForOldAndNewFiles() throws Exception {
    for (String f :
        new String[] {
          "artifacts/vigil-model.json",
          "src/test/resources/model/vigil-default-2.json",
          "src/test/resources/model/vigil-default-3.json",
          "src/test/resources/model/vigil-default-4.json"
        }) {
      // Every model file from before this format's additions still loads (vigil-default-2 to -4).
      RiskModel m = RiskModelLoader.load(Path.of(f));
      assertThat(m.combination).isSameAs(Combination.IDENTITY);
      assertThat(m.combination.isIdentity()).isTrue();
      for (EvidenceCode c : EvidenceCode.values()) {
        assertThat(m.evidence.codeWeight(c)).isEqualTo(1.0);
      }
      for (double lo : new double[] {-12, -9.21, -0.0, 0, 0.3, 12}) {
        assertThat(m.combination.probability(lo))
            .isEqualTo(dev.vigil.core.probability.CompromiseFilter.probability(lo));
      }
    }
  }

  @Test
  void readsWeightsByWireCodeAndTheCalibrationMap() throws Exception {
    ObjectNode t = tree("artifacts/vigil-model.json");
    ObjectNode c = t.putObject("combination");
    c.putObject("codeWeights").put("new_network", 0.8).put("replayed_nonce", 0.0);
    c.putObject("calibration").put("a", 0.9).put("b", -0.5);
    t.putObject("provenance").put("anything", "goes").putArray("here").add(1);
    RiskModel m = parse(t);
    assertThat(m.evidence.codeWeight(EvidenceCode.NEW_NETWORK)).isEqualTo(0.8);
    assertThat(m.evidence.codeWeight(EvidenceCode.REPLAYED_NONCE)).isEqualTo(0.0);
    assertThat(m.evidence.codeWeight(EvidenceCode.MFA_PASSED)).isEqualTo(1.0);
    assertThat(m.combination.isIdentity()).isFalse();
    assertThat(m.combination.probability(0.5)).isEqualTo(1 / (1 + Math.exp(-(0.9 * 0.5 - 0.5))));
  }

  @Test
  void rejectsAnUnknownCodeAWeightAboveTwoAndANonPositiveSlope() throws Exception {
    ObjectNode t = tree("artifacts/vigil-model.json");
    t.putObject("combination").putObject("codeWeights").put("new_netwrok", 1.0);
    assertThatThrownBy(() -> parse(t))
        .isInstanceOf(ModelValidationException.class)
        .hasMessageContaining("combination.codeWeights.new_netwrok")
        .hasMessageContaining("unknown key");

    ObjectNode t2 = tree("artifacts/vigil-model.json");
    t2.putObject("combination").putObject("codeWeights").put("new_network", 2.5);
    assertThatThrownBy(() -> parse(t2))
        .hasMessageContaining("combination.codeWeights.new_network")
        .hasMessageContaining("[0.0, 2.0]");

    ObjectNode t3 = tree("artifacts/vigil-model.json");
    t3.putObject("combination").putObject("calibration").put("a", 0.0).put("b", 0.0);
    assertThatThrownBy(() -> parse(t3)).hasMessageContaining("combination.calibration.a");

    ObjectNode t4 = tree("artifacts/vigil-model.json");
    t4.put("provenance", "a string");
    assertThatThrownBy(() -> parse(t4)).hasMessageContaining("provenance");
  }
}
