package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.evaluation.SessionLabel;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandAuthenticator;
import dev.vigil.schema.CommandVerifier;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import dev.vigil.testing.CaepAssertions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The streaming job against a backtest of the same file: same commands, same audit records. */
class BacktestParityIT extends RiskJobITSupport {
  @Test
  void theStreamingRunIssuesTheSameCommandsAsABacktestOfTheSameFileAndActsOnAttacks()
      throws Exception {
    Path sim = dir.resolve("sim");
    // The demo's mix: every attack scenario and hard case, after two days of owners' history.
    Simulator.generate(
        new SimulationConfig(
                60,
                Duration.ofHours(1).toMillis(),
                11,
                SimulationConfig.DEFAULT_START,
                ScenarioMix.parse(dev.vigil.cli.DemoCommand.MIX, "demo mix"))
            .withWarmup(Duration.ofDays(2).toMillis(), Duration.ofHours(2).toMillis()),
        sim);
    Path events = sim.resolve("events.jsonl");
    JobConfig cfg = config("s1", "inputs.avro=false");

    // The backtest first, on the same MiniCluster.
    StreamExecutionEnvironment batch = StreamExecutionEnvironment.getExecutionEnvironment();
    batch.setParallelism(1);
    Backtest.Result expected =
        Backtest.run(
            batch,
            events,
            JobSettings.initialModel(cfg),
            JobSettings.ingest(cfg),
            JobSettings.risk(cfg).withoutCaep());
    assertThat(expected.commands()).isNotEmpty();
    assertThat(expected.deadLetters()).isEmpty();

    sendLines("s1.access-logs", events);
    // Every kill and step-up has its CAEP token (risk-band changes add more).
    long enforcements =
        expected.commands().stream()
            .filter(
                c -> c.getAction() == CommandAction.KILL || c.getAction() == CommandAction.STEP_UP)
            .count();
    runUntil(
        cfg,
        () -> {
          streamedCommands = commands("s1");
          audited = decisions("s1");
          tokens = read("s1.caep", v -> new String(v, StandardCharsets.US_ASCII));
          return streamedCommands.size() >= expected.commands().size()
              && audited.size() >= expected.decisions().size()
              && tokens.size() >= enforcements;
        },
        () ->
            "commands "
                + streamedCommands.size()
                + "/"
                + expected.commands().size()
                + ", decisions "
                + audited.size()
                + "/"
                + expected.decisions().size()
                + ", caep "
                + tokens.size()
                + "/"
                + enforcements);

    List<SessionCommand> streamed = streamedCommands;
    assertThat(ids(streamed)).isEqualTo(ids(expected.commands()));
    assertThat(sequences(streamed)).isEqualTo(sequences(expected.commands()));
    // The file is a backlog weeks old: the stream issues its commands now, each valid for a
    // lifetime from issue and marked late, so a gateway verifying them as they arrive applies them
    // (schema version 5); the backtest issues them at their events' times.
    long checkedAt = System.currentTimeMillis();
    CommandVerifier gateway = new CommandVerifier(CommandAuthenticator.parse(KEY_RING).ring());
    List<SessionCommand> kills =
        streamed.stream().filter(c -> c.getAction() == CommandAction.KILL).toList();
    assertThat(kills).isNotEmpty();
    assertThat(kills)
        .allSatisfy(
            k -> {
              assertThat(k.getIssuedAt() - k.getEventTime()).isGreaterThan(300_000);
              assertThat(k.getLateBySeconds()).isPositive();
              assertThat(gateway.verify(k, checkedAt)).isEqualTo(CommandVerifier.Verdict.VALID);
            });
    assertThat(expected.commands())
        .allMatch(c -> c.getIssuedAt() == c.getEventTime() && c.getLateBySeconds() == 0);
    assertThat(streamed).allMatch(c -> CommandAuthenticator.parse(KEY_RING).verify(c));
    List<RiskDecision> audit = audited;
    assertThat(audit.stream().map(RiskDecision::getDecisionId).collect(Collectors.toSet()))
        .isEqualTo(
            expected.decisions().stream()
                .map(RiskDecision::getDecisionId)
                .collect(Collectors.toSet()));
    // Every probability change above the configured minimum, and every command, is audited.
    assertThat(audit)
        .allMatch(
            d ->
                !d.getCommandIds().isEmpty()
                    || Math.abs(d.getProbability() - d.getPreviousProbability()) > 0.001);
    assertThat(tokens).isNotEmpty();
    tokens.forEach(t -> CaepAssertions.assertValidSet(CaepAssertions.claimsOf(t)));

    // On the labels: the compromised sessions got a step-up or a kill; the benign hard cases none.
    Set<String> enforced = enforcedSessions(streamed);
    List<SessionLabel> labels = EvaluationFiles.readLabels(sim.resolve("labels.jsonl"));
    List<SessionLabel> attacked =
        labels.stream().filter(l -> !l.warmup() && "compromise".equals(l.kind())).toList();
    // Every attack scenario of the demo's mix (leaked_mm_key runs in MarketMakerKeyIT).
    assertThat(attacked)
        .extracting(SessionLabel::label)
        .contains(
            "stolen_api_key",
            "token_hijack",
            "replay",
            "credential_stuffing",
            "mfa_brute_force",
            "low_and_slow");
    assertThat(attacked).allMatch(l -> enforced.contains(l.sessionId()), "stepped up or killed");
    List<SessionLabel> hardCases =
        labels.stream()
            .filter(l -> l.hardCase() != null)
            .filter(
                l ->
                    Set.of("traveller", "vpn", "mobile_hopping", "bot_failover")
                        .contains(l.hardCase()))
            .toList();
    assertThat(hardCases).isNotEmpty();
    assertThat(hardCases).noneMatch(l -> enforced.contains(l.sessionId()));
  }

  static volatile List<SessionCommand> streamedCommands = List.of();
  static volatile List<RiskDecision> audited = List.of();
  static volatile List<String> tokens = List.of();

  static Map<String, Long> sequences(List<SessionCommand> commands) {
    return commands.stream()
        .collect(
            Collectors.toMap(
                c -> c.getCommandId() + "@" + c.getAction(), SessionCommand::getSequence));
  }

  static Set<String> ids(List<SessionCommand> commands) {
    return commands.stream()
        .map(c -> c.getCommandId() + "@" + c.getAction())
        .collect(Collectors.toSet());
  }
}
