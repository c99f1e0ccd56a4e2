package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.evaluation.Backtest;
import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.evaluation.SessionLabel;
import dev.vigil.job.config.JobConfig;
import dev.vigil.schema.SessionCommand;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The leaked market-maker key at job level. It has its own test because a market maker sends 50 to
 * 200 requests a second: four accounts, 20 minutes of the makers' own history and a 10-minute
 * window already make about 450,000 events.
 */
class MarketMakerKeyIT extends RiskJobITSupport {
  private static final String MIX =
      "{\"populations\": {\"retail\": 0.5, \"bot\": 0, \"market_maker\": 0.5,"
          + " \"institutional\": 0}, \"scenarios\": {\"leaked_mm_key\": 0.01}, \"hard_cases\": {}}";

  @Test
  void aLeakedMarketMakerKeyTradingThinOptionsFromACloudAbroadIsStoppedAndTheMakersAreNot()
      throws Exception {
    SimulationConfig simulation =
        new SimulationConfig(
                4,
                Duration.ofMinutes(10).toMillis(),
                3,
                SimulationConfig.DEFAULT_START,
                ScenarioMix.parse(MIX, "market-maker mix"))
            .withWarmup(Duration.ofHours(6).toMillis(), Duration.ofMinutes(20).toMillis());
    Path sim = dir.resolve("mm-sim");
    Simulator.generate(simulation, sim);
    List<SessionLabel> labels = EvaluationFiles.readLabels(sim.resolve("labels.jsonl"));
    Set<String> leaked =
        labels.stream()
            .filter(l -> "leaked_mm_key".equals(l.label()))
            .map(SessionLabel::sessionId)
            .collect(Collectors.toSet());
    Set<String> makers =
        labels.stream()
            .filter(l -> l.benign() && "market_maker".equals(l.population()))
            .map(SessionLabel::sessionId)
            .collect(Collectors.toSet());
    assertThat(leaked).hasSize(1);
    assertThat(makers).isNotEmpty();
    // What the job must send: the engine replayed over the same traffic (parity with the job is
    // BacktestParityIT's subject), so the test knows when the job has read everything.
    List<SessionCommand> expected =
        Backtest.simulate(simulation, RiskModelLoader.defaults()).backtest().commands();

    JobConfig cfg = config("mm", "inputs.avro=false"); // creates the topics
    sendLines("mm.access-logs", sim.resolve("events.jsonl"));
    // Done when the job has read the whole input and checkpointed after it (see consumed); the
    // commands must then be exactly the backtest's, and a difference fails with both sets.
    runUntil(
        cfg, () -> consumed("mm", "mm.access-logs"), () -> readProgress("mm", "mm.access-logs"));
    streamed = commands("mm");

    assertThat(BacktestParityIT.ids(streamed))
        .as(() -> outputs("mm"))
        .isEqualTo(BacktestParityIT.ids(expected));
    assertThat(enforcedSessions(streamed)).containsAll(leaked).doesNotContainAnyElementsOf(makers);
  }

  static volatile List<SessionCommand> streamed = List.of();
}
