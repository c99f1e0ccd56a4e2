package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.schema.AccessEvent;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A model file without {@code combination} scores exactly as one with the identity written out
 * (every weight 1, a = 1, b = 0), event for event, for the current default and for vigil-default-2;
 * a non-identity combination does change the scores (so the comparison can fail).
 */
class CombinationBacktestTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anAbsentCombinationScoresExactlyAsTheIdentityWrittenOut() throws Exception {
    SimulationConfig c =
        new SimulationConfig(
                120,
                2 * BacktestFixtures.HOUR,
                21,
                ScenarioMix.parse(BacktestFixtures.ATTACK_RICH, "t"))
            .withWarmup(BacktestFixtures.DAY / 2, BacktestFixtures.HOUR);
    List<AccessEvent> events = simulate(c);
    for (String f :
        new String[] {
          "artifacts/vigil-model.json", "src/test/resources/model/vigil-default-2.json"
        }) {
      ObjectNode tree = (ObjectNode) JSON.readTree(Files.readAllBytes(Path.of(f)));
      RiskModel plain = RiskModelLoader.parse(JSON.writeValueAsBytes(tree));
      ObjectNode comb = tree.putObject("combination");
      ObjectNode w = comb.putObject("codeWeights");
      for (EvidenceCode code : EvidenceCode.values()) {
        w.put(code.code(), 1.0);
      }
      comb.putObject("calibration").put("a", 1.0).put("b", 0.0);
      RiskModel identity = RiskModelLoader.parse(JSON.writeValueAsBytes(tree));
      w.put("new_network", 0.5);
      RiskModel changed = RiskModelLoader.parse(JSON.writeValueAsBytes(tree));

      Backtest.EventTrace a = trace(events, plain);
      Backtest.EventTrace b = trace(events, identity);
      Backtest.EventTrace d = trace(events, changed);
      int n = a.events();
      assertThat(n).isGreaterThan(1000).isEqualTo(b.events()).isEqualTo(d.events());
      assertThat(Arrays.copyOf(b.probability(), n)).isEqualTo(Arrays.copyOf(a.probability(), n));
      assertThat(Arrays.copyOf(b.logOdds(), n)).isEqualTo(Arrays.copyOf(a.logOdds(), n));
      int differ = 0;
      for (int i = 0; i < n; i++) {
        differ += a.logOdds()[i] != d.logOdds()[i] ? 1 : 0;
      }
      assertThat(differ).as("a weight of 0.5 on new_network changes the scores").isPositive();
    }
  }

  private static Backtest.EventTrace trace(List<AccessEvent> events, RiskModel m) {
    Backtest b = new Backtest(m);
    events.forEach(b::score);
    return b.trace(List.of());
  }

  private static List<AccessEvent> simulate(SimulationConfig c) throws Exception {
    List<AccessEvent> events = new ArrayList<>();
    EventLineDecoder decoder = new EventLineDecoder();
    new Simulator(c).run((json, length, t, user) -> events.add(decoder.decode(json, length)));
    return events;
  }
}
