package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.EndpointRole;
import dev.vigil.core.model.EndpointRoles;
import dev.vigil.core.volume.FairAccessLimits;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fair-access limits recommended from one seeded simulated hour and checked on another, held out
 * (other accounts, other bots): 300 accounts, a third of them trading bots, the hour holding a
 * funding time (bursts of the market-open-burst bots, fail-overs), owner floods of market data in
 * both hours. No market makers (at 50-200 requests a second each, one would outweigh the run; as in
 * {@link BacktestFixtures}).
 */
class FairAccessReplayTest {
  static final String MIX =
      "{\"populations\": {\"retail\": 0.62, \"bot\": 0.34, \"market_maker\": 0,"
          + " \"institutional\": 0.04},"
          + " \"scenarios\": {\"abuse_flood\": 0.02, \"stolen_api_key\": 0.01,"
          + " \"credential_stuffing\": 0.01},"
          + " \"hard_cases\": {\"bot_failover\": 0.25, \"market_open_burst\": 0.4}}";

  @TempDir static Path dir;
  static List<FairAccessLimits.Limit> recommended;
  static FairAccessLimits trainPeaks;
  static List<SessionLabel> trainLabels;
  static FairAccessLimits heldOut;
  static List<SessionLabel> heldOutLabels;

  @BeforeAll
  static void simulate() throws IOException {
    Path train = hour(41, "train");
    Path test = hour(42, "test");
    trainPeaks = replay(train);
    trainLabels = EvaluationFiles.readLabels(train.resolve("labels.jsonl"));
    recommended =
        trainPeaks.recommend(FairAccessLimits.DEFAULT_QUANTILE, FairAccessLimits.DEFAULT_HEADROOM);
    heldOut = replay(test);
    heldOutLabels = EvaluationFiles.readLabels(test.resolve("labels.jsonl"));
  }

  static Path hour(long seed, String name) throws IOException {
    Path d = dir.resolve(name);
    Simulator.generate(
        new SimulationConfig(300, 3_600_000L, seed, ScenarioMix.parse(MIX, "test")), d);
    return d;
  }

  static FairAccessLimits replay(Path d) {
    return FairAccessReplay.replay(
        d.resolve("events.jsonl"), d.resolve("labels.jsonl"), EndpointRoles.defaults());
  }

  @Test
  void noBenignTradingBotSessionOfAHeldOutHourPeaksAboveItsPopulationsLimit() {
    List<String> over = new ArrayList<>();
    int counted = 0;
    for (SessionLabel l : heldOutLabels) {
      if (!"bot".equals(l.population()) || !SessionLabel.BENIGN.equals(l.label())) {
        continue;
      }
      counted++;
      for (EndpointRole r : EndpointRole.values()) {
        double peak = heldOut.peak(l.sessionId(), r);
        if (peak > 0 && !(peak <= FairAccessLimits.limitOf(recommended, "bot", r))) {
          over.add(l.sessionId() + " " + r.wireName() + " " + peak);
        }
      }
    }
    assertThat(counted).as("benign bot sessions in the held-out hour").isGreaterThan(80);
    assertThat(over).isEmpty();
  }

  @Test
  void everyAbuseFloodSessionPeaksAboveItsPopulationsMarketDataLimit() {
    double limit = FairAccessLimits.limitOf(recommended, "bot", EndpointRole.MARKET_DATA);
    List<Double> floods = new ArrayList<>();
    for (SessionLabel l : heldOutLabels) {
      if ("abuse_flood".equals(l.label())) {
        floods.add(heldOut.peak(l.sessionId(), EndpointRole.MARKET_DATA));
      }
    }
    assertThat(floods).hasSizeGreaterThan(2).allSatisfy(p -> assertThat(p).isGreaterThan(limit));
  }

  @Test
  void labelledAbuseIsMeasuredButLeftOutOfTheBasis() {
    long floods = trainLabels.stream().filter(l -> "abuse_flood".equals(l.label())).count();
    long bots =
        trainLabels.stream()
            .filter(l -> "bot".equals(l.population()) && SessionLabel.BENIGN.equals(l.label()))
            .count();
    FairAccessLimits.Limit data =
        recommended.stream()
            .filter(l -> l.population().equals("bot") && l.role() == EndpointRole.MARKET_DATA)
            .findFirst()
            .orElseThrow();
    assertThat(floods).isPositive();
    assertThat(data.sessions()).isLessThanOrEqualTo(bots);
    double slowestFlood =
        trainLabels.stream()
            .filter(l -> "abuse_flood".equals(l.label()))
            .mapToDouble(l -> trainPeaks.peak(l.sessionId(), EndpointRole.MARKET_DATA))
            .min()
            .orElseThrow();
    assertThat(data.observedMaxRps()).isLessThan(slowestFlood);
    assertThat(trainPeaks.excludedCount()).isGreaterThanOrEqualTo((int) floods);
  }
}
