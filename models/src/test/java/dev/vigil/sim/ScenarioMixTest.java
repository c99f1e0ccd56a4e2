package dev.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioMixTest {

  @Test
  void defaultPresetAttacksAboutOnePercentAcrossEveryScenarioButTheCarefulTakeovers() {
    ScenarioMix m = ScenarioMix.resolve("default");
    // The careful takeovers come with the worlds, so that the presets write what they wrote.
    assertThat(m.scenarios()).containsOnlyKeys(Scenario.PRESET);
    assertThat(Scenario.PRESET).doesNotContain(Scenario.SIM_SWAP).contains(Scenario.LOW_AND_SLOW);
    double total = m.scenarios().values().stream().mapToDouble(Double::doubleValue).sum();
    assertThat(total).isCloseTo(0.01, within(1e-9));
    assertThat(m.populations().get(Population.RETAIL)).isGreaterThan(0.9);
    assertThat(m.hardCases()).containsOnlyKeys(HardCase.values());
  }

  @Test
  void nonePresetHasNoAttacks() {
    assertThat(ScenarioMix.resolve("none").scenarios()).isEmpty();
  }

  @Test
  void populationSharesAreNormalised() {
    ScenarioMix m = ScenarioMix.parse("{\"populations\":{\"retail\":0.6,\"bot\":0.2}}", "f");
    assertThat(m.populations().get(Population.RETAIL)).isCloseTo(0.75, within(1e-12));
    assertThat(m.populations().get(Population.BOT)).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void readsAMixFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("mix.json");
    Files.writeString(f, "{\"scenarios\":{\"replay\":0.02},\"hard_cases\":{\"vpn\":0.5}}");
    ScenarioMix m = ScenarioMix.resolve(f.toString());
    assertThat(m.scenarios()).containsOnlyKeys(Scenario.REPLAY);
    assertThat(m.hardCases()).containsOnlyKeys(HardCase.VPN);
  }

  @Test
  void rejectsUnknownScenarioNamingTheAllowedOnes() {
    assertThatThrownBy(() -> ScenarioMix.parse("{\"scenarios\":{\"phishing\":0.1}}", "mix.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mix.json")
        .hasMessageContaining("'phishing'")
        .hasMessageContaining("token_hijack");
  }

  @Test
  void rejectsUnknownSection() {
    assertThatThrownBy(() -> ScenarioMix.parse("{\"attacks\":{}}", "m"))
        .hasMessageContaining("unknown section 'attacks'");
  }

  @Test
  void rejectsSharesOutsideZeroToOne() {
    assertThatThrownBy(() -> ScenarioMix.parse("{\"hard_cases\":{\"vpn\":1.5}}", "m"))
        .hasMessageContaining("hard_cases.vpn must be a number in [0, 1]");
    assertThatThrownBy(() -> ScenarioMix.parse("{\"populations\":{\"bot\":\"many\"}}", "m"))
        .hasMessageContaining("populations.bot must be a number");
  }

  @Test
  void rejectsAttackerAsABenignPopulation() {
    assertThatThrownBy(() -> ScenarioMix.parse("{\"populations\":{\"attacker\":0.1}}", "m"))
        .hasMessageContaining("unknown name 'attacker'");
  }

  @Test
  void rejectsAllZeroPopulations() {
    assertThatThrownBy(() -> ScenarioMix.parse("{\"populations\":{\"retail\":0}}", "m"))
        .hasMessageContaining("at least one share must be > 0");
  }

  @Test
  void rejectsAttackingMoreThanHalfTheAccounts() {
    assertThatThrownBy(
            () -> ScenarioMix.parse("{\"scenarios\":{\"replay\":0.3,\"token_hijack\":0.3}}", "m"))
        .hasMessageContaining("<= 0.5");
  }

  @Test
  void rejectsMalformedJsonAndMissingFiles() {
    assertThatThrownBy(() -> ScenarioMix.parse("{", "m")).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> ScenarioMix.parse("[1]", "m")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> ScenarioMix.resolve("/no/such/mix.json"))
        .hasMessageContaining("neither a preset")
        .hasMessageContaining("attacks-only-small");
  }
}
