package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import dev.vigil.sim.World;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default model against a trigger-happy copy of it (step-up at P 0.005, hold at 0.002, kill at
 * 0.2) on one small simulated world (baseline, 150 accounts, seed 3, 6 h of warm-up, a 1-hour
 * window): the figures are pinned, so a change to the counting shows here.
 */
class ModelComparisonTest {
  private static final long MINUTE = 60_000L;
  @TempDir static Path dir;
  static ModelComparison.Result result;
  static List<SessionLabel> labels;

  static RiskModel triggerHappy() throws Exception {
    ObjectMapper m = new ObjectMapper();
    ObjectNode tree;
    try (InputStream in =
        RiskModelLoader.class.getResourceAsStream(RiskModelLoader.DEFAULT_RESOURCE)) {
      tree = (ObjectNode) m.readTree(in);
    }
    ObjectNode policy = (ObjectNode) tree.get("policy");
    policy
        .put("stepUpEnter", 0.005)
        .put("stepUpExit", 0.002)
        .put("holdEnter", 0.002)
        .put("killEnter", 0.2);
    tree.put("modelVersion", "trigger-happy");
    return RiskModelLoader.parse(m.writeValueAsBytes(tree));
  }

  @BeforeAll
  static void compare() throws Exception {
    World w = World.select("baseline").get(0);
    SimulationConfig c =
        new SimulationConfig(150, 60 * MINUTE, 3, w.mix())
            .withWarmup(360 * MINUTE, 60 * MINUTE)
            .inWorld(w);
    Simulator.generate(c, dir);
    labels = EvaluationFiles.readLabels(dir.resolve("labels.jsonl"));
    result =
        ModelComparison.run(
            dir.resolve("events.jsonl"),
            labels,
            new ModelComparison.Candidate("default", RiskModelLoader.defaults()),
            new ModelComparison.Candidate("trigger-happy", triggerHappy()));
  }

  @Test
  void pinsTheFiguresOfBothModels() {
    ModelOutcome a = result.a();
    ModelOutcome b = result.b();
    assertThat(result.labelledSessions()).isEqualTo(labels.size());
    assertThat(a.events()).isEqualTo(b.events()).isPositive();
    assertThat(a.modelVersion()).isEqualTo(RiskModelLoader.defaults().modelVersion);
    assertThat(b.modelVersion()).isEqualTo("trigger-happy");
    assertThat(result.labelledSessions()).isEqualTo(114);
    assertThat(a.events()).isEqualTo(49_533);
    assertThat(a.scenarios()).hasSize(8);
    assertThat(a.scenarios().stream().mapToInt(s -> s.actedInTime()).sum()).isEqualTo(8);
    assertThat(b.scenarios().stream().mapToInt(s -> s.actedInTime()).sum()).isEqualTo(9);
    ModelOutcome.ScenarioOutcome slowA = scenario(a, "low_and_slow");
    ModelOutcome.ScenarioOutcome slowB = scenario(b, "low_and_slow");
    assertThat(slowA.requestsToAction().median()).isEqualTo(32.0);
    assertThat(slowB.requestsToAction().median()).isEqualTo(24.0);
    assertThat(slowA.secondsToAction().median()).isCloseTo(1381.2, within(0.05));
    assertThat(slowB.secondsToAction().median()).isCloseTo(816.2, within(0.05));
    assertThat(scenario(a, "cookie_hijack_local").actedInTime()).isZero();
    assertThat(scenario(b, "cookie_hijack_local").actedInTime()).isEqualTo(1);

    assertThat(List.of(a.benign(), a.benignKilled(), a.benignSteppedUpOrHeld()))
        .containsExactly(74, 0, 1);
    assertThat(List.of(b.benign(), b.benignKilled(), b.benignSteppedUpOrHeld()))
        .containsExactly(74, 1, 9);
    assertThat(List.of(a.botSessions(), a.botKilled(), a.botDisrupted())).containsExactly(5, 0, 0);
    assertThat(List.of(b.botSessions(), b.botKilled(), b.botDisrupted())).containsExactly(5, 0, 0);
    assertThat(a.populations())
        .extracting(ModelOutcome.PopulationOutcome::population)
        .containsExactly("retail", "bot");

    // The policy moves the probabilities a little since a session stepped up, held or killed takes
    // back what it taught its account (ProfileLearner, issue 14): the trigger-happy model steps up
    // 9 benign sessions, whose lessons are undone. Both were 0.3182 before; the ranking is the
    // same. vigil-default-7's concurrent_key_use moved both again (0.3184 before), through a
    // leaked key used beside its owner's bot. Counting an order size once per session (its peak
    // z) and no owner's-instrument credit once a session showed two parties moved both again
    // (0.31501 and 0.31498 before).
    assertThat(a.calibrationError()).isCloseTo(0.30723, within(5e-6));
    assertThat(b.calibrationError()).isCloseTo(0.30720, within(5e-6));
    assertThat(a.ranking().positives()).isEqualTo(9);
    assertThat(a.ranking().negatives()).isEqualTo(10);
    assertThat(a.ranking().rocAuc()).isEqualTo(1.0);
    assertThat(a.ranking().prAuc()).isEqualTo(1.0);

    // vigil-default-7 kills one more compromised session (the leaked key beside its owner's bot):
    // 3 kills, one timeout and one rate limit fewer than vigil-default-6. Counting an order size
    // once per session and no owner's-instrument credit once a session showed two parties: one
    // kill more (4), three timeouts and three rate limits fewer (98, 18); benign figures unchanged.
    assertThat(a.commandsByAction())
        .containsEntry("STEP_UP", 8)
        .containsEntry("KILL", 4)
        .containsEntry("HOLD_WITHDRAWALS", 6)
        .containsEntry("SET_TIMEOUT", 98)
        .containsEntry("SET_RATE_LIMIT", 18)
        // the account response: each kill was of a withdrawing session (log out everywhere and
        // hold the account), and the leaked key beside its owner's bot is revoked
        .containsEntry("account:KILL_ALL_SESSIONS", 3)
        .containsEntry("account:HOLD_WITHDRAWALS", 3)
        .containsEntry("account:REVOKE_API_KEY", 1)
        .doesNotContainKey("account:REQUIRE_REVERIFICATION");
    assertThat(b.commandsByAction())
        .containsEntry("STEP_UP", 14)
        .containsEntry("KILL", 7)
        .containsEntry("HOLD_WITHDRAWALS", 7);
  }

  @Test
  void theGuardRefusesTheTriggerHappyModelOnKillsAndStepUpsNotOnBots() {
    assertThat(PublishGuard.check(result.a(), result.b()))
        .extracting(PublishGuard.Failure::metric)
        .containsExactly("benign sessions killed", "benign step-up/hold rate");
    assertThat(PublishGuard.check(result.b(), result.a())).isEmpty();
  }

  private static ModelOutcome.ScenarioOutcome scenario(ModelOutcome o, String id) {
    return o.scenarios().stream().filter(s -> s.scenario().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void countsAreConsistentWithTheLabels() {
    for (ModelOutcome o : List.of(result.a(), result.b())) {
      long benign = labels.stream().filter(SessionLabel::benign).count();
      long compromised = labels.stream().filter(SessionLabel::compromised).count();
      assertThat(o.benign()).isEqualTo(benign);
      assertThat(o.populations().stream().mapToInt(p -> p.sessions()).sum()).isEqualTo(o.benign());
      assertThat(o.scenarios().stream().mapToInt(s -> s.sessions()).sum()).isEqualTo(compromised);
      assertThat(o.populations().stream().mapToInt(p -> p.killed()).sum())
          .isEqualTo(o.benignKilled());
      assertThat(o.botDisrupted()).isBetween(o.botKilled(), o.botSessions());
      assertThat(o.commandsByAction().values().stream().mapToInt(Integer::intValue).sum())
          .isPositive();
      assertThat(o.ranking().rocAuc()).isBetween(0.0, 1.0);
      assertThat(o.ranking().prAuc()).isBetween(0.0, 1.0);
      assertThat(o.calibrationError()).isBetween(0.0, 1.0);
    }
  }

  @Test
  void aModelAgainstItselfDiffersInNothing() throws Exception {
    ModelComparison.Result same =
        ModelComparison.run(
            dir.resolve("events.jsonl"),
            labels,
            new ModelComparison.Candidate("a", RiskModelLoader.defaults()),
            new ModelComparison.Candidate("b", RiskModelLoader.defaults()));
    assertThat(ComparisonTable.rows(same)).allSatisfy(r -> assertThat(r.delta()).isIn(null, 0.0));
    assertThat(PublishGuard.check(same.a(), same.b())).isEmpty();
  }

  @Test
  void theTableHasTheSectionsAndTheFilesTheirRows() {
    String table = ComparisonTable.render(result);
    assertThat(table)
        .contains("takeovers")
        .contains("benign")
        .contains("scores")
        .contains("commands");
    assertThat(table).contains("ROC AUC").contains("PR AUC").contains("ECE per event");
    int rows = ComparisonTable.rows(result).size();
    assertThat(ComparisonTable.csv(result).lines()).hasSize(rows + 1);
    assertThat(ComparisonTable.json(result)).contains("\"rows\"").contains("\"benignKilled\"");
  }

  @Test
  void theChartsAreWritten(@TempDir Path out) throws Exception {
    assertThat(ComparisonCharts.write(result, out))
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            ComparisonCharts.TAKEOVERS, ComparisonCharts.BENIGN, ComparisonCharts.RELIABILITY);
    for (String png :
        List.of(
            ComparisonCharts.TAKEOVERS, ComparisonCharts.BENIGN, ComparisonCharts.RELIABILITY)) {
      assertThat(Files.size(out.resolve(png))).isPositive();
    }
    assertThat(result.a().calibrationBins()).hasSize(10);
  }

  @Test
  void aScenarioAModelNeverActedOnIsMarkedAndReliabilityPointsCarryTheirEvents() {
    org.knowm.xchart.CategoryChart takeovers = ComparisonCharts.takeovers(result);
    for (ModelOutcome o : List.of(result.a(), result.b())) {
      String tag = (o == result.a() ? "A " : "B ") + ChartMarks.NOT_DETECTED;
      boolean never =
          o.scenarios().stream().anyMatch(s -> s.sessions() > 0 && s.actedInTime() == 0);
      assertThat(takeovers.getSeriesMap().containsKey(tag)).as(tag).isEqualTo(never);
    }
    assertThat(ComparisonCharts.reliability(result).getSeriesMap().keySet())
        .filteredOn(k -> !k.equals("perfect"))
        .isNotEmpty()
        .allMatch(k -> k.matches(".* \\(n=\\d+ over \\d+ bins\\)"));
  }

  @Test
  void labelsOfOtherEventsAreRefusedNamingTheFix() {
    SessionLabel stray = SessionLabel.benign("no-such-session", "u", "retail", null, false);
    assertThatThrownBy(
            () ->
                ModelComparison.run(
                    dir.resolve("events.jsonl"),
                    List.of(stray),
                    new ModelComparison.Candidate("a", RiskModelLoader.defaults()),
                    new ModelComparison.Candidate("b", RiskModelLoader.defaults())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pass the labels.jsonl written with these events");
  }

  @Test
  void aMissingEventsFileIsNamed() {
    assertThatThrownBy(
            () ->
                ModelComparison.run(
                    Files.createTempDirectory("x").resolve("nope.jsonl"),
                    labels,
                    new ModelComparison.Candidate("a", RiskModelLoader.defaults()),
                    new ModelComparison.Candidate("b", RiskModelLoader.defaults())))
        .hasMessageContaining("events file")
        .hasMessageContaining("does not exist");
  }
}
