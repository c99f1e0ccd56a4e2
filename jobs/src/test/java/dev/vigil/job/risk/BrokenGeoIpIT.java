package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.evaluation.SessionLabel;
import dev.vigil.job.config.JobConfig;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.Reason;
import dev.vigil.schema.SessionCommand;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import dev.vigil.sim.World;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's broken GeoIP feed through the session risk job on the real broker and a MiniCluster:
 * the mobile-first behaviour (phones hopping between carrier prefixes and the home wifi; a fifth of
 * the accounts bots) with three days of sound history, then two hours in which the feed is broken
 * ({@code geo_noise: broken}: every request placed anywhere on Earth, every address typed
 * residential), seed 5. The library-level counterpart is {@code BrokenGeoIpScenarioTest}.
 */
class BrokenGeoIpIT extends RiskJobITSupport {
  private static final String WORLD =
      "{\"name\": \"mobile-broken-geoip\", \"parameters\": {\"geo_noise\": \"broken\","
          + " \"geo_accuracy_km\": 10, \"mobile_session_share\": 0.85, \"mobile_hop_share\": 0.4,"
          + " \"home_wifi_share\": 0.3}, \"mix\": {\"populations\": {\"retail\": 0.8, \"bot\":"
          + " 0.2, \"market_maker\": 0, \"institutional\": 0}, \"hard_cases\":"
          + " {\"mobile_hopping\": 0.15, \"bot_failover\": 0.5}}}";

  @Test
  void aBrokenFeedShowsAsTravelButKillsNoOwnerAndNoBot() throws Exception {
    World world = World.parse(WORLD, "BrokenGeoIpIT");
    SimulationConfig simulation =
        new SimulationConfig(
                60, Duration.ofHours(2).toMillis(), 5, SimulationConfig.DEFAULT_START, world.mix())
            .withWarmup(Duration.ofDays(3).toMillis(), Duration.ofHours(6).toMillis())
            .inWorld(world);
    Path sim = dir.resolve("broken-geoip-sim");
    Simulator.generate(simulation, sim);
    Map<String, SessionLabel> labels =
        EvaluationFiles.readLabels(sim.resolve("labels.jsonl")).stream()
            .collect(Collectors.toMap(SessionLabel::sessionId, Function.identity(), (a, b) -> a));
    JobConfig cfg = config("geo", "inputs.avro=false");
    List<SessionCommand> streamed = streamMatchingBacktest(cfg, "geo", sim.resolve("events.jsonl"));

    long travel =
        streamed.stream()
            .flatMap(c -> c.getReasons().stream())
            .map(Reason::getCode)
            .filter(code -> code.toString().equals("impossible_travel"))
            .count();
    List<SessionCommand> benignKills =
        streamed.stream()
            .filter(c -> c.getAction() == CommandAction.KILL)
            .filter(
                c -> labels.containsKey(c.getSessionId()) && labels.get(c.getSessionId()).benign())
            .toList();
    long botsDisrupted =
        streamed.stream()
            .filter(
                c ->
                    c.getAction() != CommandAction.SET_TIMEOUT
                        && c.getAction() != CommandAction.SET_RATE_LIMIT)
            .map(c -> labels.get(c.getSessionId()))
            .filter(l -> l != null && l.benign() && "bot".equals(l.population()))
            .count();
    System.out.printf(
        "broken GeoIP feed: %d commands, %d naming impossible_travel, %d benign kills, %d bot"
            + " sessions stepped up, held or killed%n",
        streamed.size(), travel, benignKills.size(), botsDisrupted);
    assertThat(labels.values().stream().filter(l -> l.benign() && "bot".equals(l.population())))
        .as("bots are in the run")
        .hasSizeGreaterThan(10);
    assertThat(travel).as("the broken feed is visible as travel").isPositive();
    assertThat(benignKills).as("no owner killed on one broken field").isEmpty();
    assertThat(botsDisrupted).as("no bot stepped up, held or killed").isZero();
  }
}
