package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.evaluation.SessionLabel;
import dev.vigil.job.config.JobConfig;
import dev.vigil.schema.CommandAction;
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
 * The careful takeovers of issue 9 through the session risk job on the real broker and a
 * MiniCluster: 60 accounts (a fifth of them bots, half of whose sessions fail over to another
 * region or provider) with three days of history, then two hours in which 4% of accounts each meet
 * a SIM swap with the second factor passed, a hijacked cookie used beside the owner from his own
 * country, and a leaked read-only key paging history from a cloud abroad (seed 5). The
 * library-level counterpart over whole worlds is {@code CarefulTakeoverScenarioTest}.
 */
class CarefulTakeoverIT extends RiskJobITSupport {
  private static final String MIX =
      "{\"populations\": {\"retail\": 0.8, \"bot\": 0.2, \"market_maker\": 0,"
          + " \"institutional\": 0}, \"scenarios\": {\"sim_swap\": 0.04,"
          + " \"cookie_hijack_local\": 0.04, \"readonly_key_exfil\": 0.04},"
          + " \"hard_cases\": {\"bot_failover\": 0.5}}";
  private static final Set<CommandAction> ENFORCED =
      Set.of(CommandAction.STEP_UP, CommandAction.HOLD_WITHDRAWALS, CommandAction.KILL);

  static volatile List<SessionCommand> streamed = List.of();

  @Test
  void simSwapsAndHijackedCookiesAreHeldOrSteppedUpAndFailingOverBotsAreLeftAlone()
      throws Exception {
    SimulationConfig simulation =
        new SimulationConfig(
                60,
                Duration.ofHours(2).toMillis(),
                5,
                SimulationConfig.DEFAULT_START,
                ScenarioMix.parse(MIX, "careful mix"))
            .withWarmup(Duration.ofDays(3).toMillis(), Duration.ofHours(6).toMillis());
    Path sim = dir.resolve("careful-sim");
    Simulator.generate(simulation, sim);
    List<SessionLabel> labels = EvaluationFiles.readLabels(sim.resolve("labels.jsonl"));
    JobConfig cfg = config("careful", "inputs.avro=false");
    streamed = streamMatchingBacktest(cfg, "careful", sim.resolve("events.jsonl"));

    Set<String> enforced =
        streamed.stream()
            .filter(c -> ENFORCED.contains(c.getAction()))
            .map(SessionCommand::getSessionId)
            .collect(Collectors.toSet());
    assertThat(sessions(labels, "sim_swap")).hasSize(2).allMatch(enforced::contains);
    assertThat(sessions(labels, "cookie_hijack_local")).hasSize(2).allMatch(enforced::contains);
    // The gap, as in CarefulTakeoverScenarioTest: neither leaked read key is acted on. Both copy
    // the bot's client (-2.1 and -1.5 nats); one runs beside the bot from another provider
    // (concurrent_key_use, 3 nats: P 0.025), the other from the bot's own provider, where a
    // second host of the owner's is no evidence (P 5e-4).
    assertThat(sessions(labels, "readonly_key_exfil")).hasSize(2).noneMatch(enforced::contains);
    Set<String> failovers =
        labels.stream()
            .filter(l -> l.benign() && "bot_failover".equals(l.hardCase()))
            .map(SessionLabel::sessionId)
            .collect(Collectors.toSet());
    assertThat(failovers).hasSize(6).doesNotContainAnyElementsOf(enforced);
  }

  private static Set<String> sessions(List<SessionLabel> labels, String scenario) {
    return labels.stream()
        .filter(l -> scenario.equals(l.label()))
        .map(SessionLabel::sessionId)
        .collect(Collectors.toSet());
  }
}
