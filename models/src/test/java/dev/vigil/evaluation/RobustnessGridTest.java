package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.sim.World;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The grid gives one row per world whose counts agree with each other and with the evaluator. */
class RobustnessGridTest {
  private static final long MINUTE = 60_000L;
  private static final RobustnessGrid.Options TINY =
      new RobustnessGrid.Options(80, List.of(3L), 30 * MINUTE, 2 * 60 * MINUTE, 20 * MINUTE, 2);
  private static List<World> worlds;
  private static List<RobustnessRow> rows;

  @BeforeAll
  static void run() {
    worlds = World.select("baseline,never-cash-out");
    rows = RobustnessGrid.run(worlds, TINY, RiskModelLoader.defaults());
  }

  @Test
  void oneRowPerWorldInTheOrderAsked() {
    assertThat(rows).extracting(RobustnessRow::world).containsExactly("baseline", "never-cash-out");
    assertThat(rows).extracting(RobustnessRow::split).containsOnly("tuning");
    String table = RobustnessTable.render(rows);
    assertThat(table).contains("baseline").contains("never-cash-out").contains("careful");
    assertThat(RobustnessTable.json(rows)).contains("\"carefulDetected\"");
  }

  @Test
  void countsAreConsistent() {
    for (RobustnessRow r : rows) {
      assertThat(r.compromised()).isPositive();
      assertThat(r.detected()).isBetween(0, r.compromised());
      assertThat(r.carefulCompromised()).isBetween(1, r.compromised());
      assertThat(r.carefulDetected()).isBetween(0, Math.min(r.detected(), r.carefulCompromised()));
      assertThat(r.byScenario().values().stream().mapToInt(c -> c.sessions()).sum())
          .isEqualTo(r.compromised());
      assertThat(r.byScenario().values().stream().mapToInt(c -> c.detected()).sum())
          .isEqualTo(r.detected());
      assertThat(r.byScenario()).containsKeys("sim_swap", "cookie_hijack_local", "low_and_slow");
      assertThat(r.requestsToAction().n()).isBetween(r.detected(), r.compromised());
      assertThat(r.benignWarmup()).isPositive().isLessThan(r.benign());
      assertThat(r.benignKilled()).isBetween(0, r.benign());
      assertThat(r.benignSteppedUpOrHeld()).isBetween(0, r.benign());
      assertThat(r.botSessions()).isPositive().isLessThan(r.benign());
      assertThat(r.botKilled()).isBetween(0, r.botSessions());
      assertThat(r.abuse()).isPositive();
      assertThat(r.abuseThrottled() + r.abuseKilled() + r.abuseSteppedUp())
          .isBetween(0, 3 * r.abuse());
    }
  }

  @Test
  void agreesWithTheEvaluatorOnTheSameRun() {
    RobustnessGrid.Cell cell =
        RobustnessGrid.cell(worlds.get(0), 3L, TINY, RiskModelLoader.defaults());
    EvaluationReport report = Evaluator.evaluate(cell.labels(), cell.commands(), null);
    RobustnessRow row = rows.get(0);
    assertThat(report.scenarios().stream().mapToInt(CompromiseMetrics::sessions).sum())
        .isEqualTo(row.compromised());
    // Both count every benign session, warm-up included, and the same kills on them.
    assertThat(report.benignByPopulation().stream().mapToInt(FalseActionMetrics::sessions).sum())
        .isEqualTo(row.benign() - row.benignWarmup());
    assertThat(report.benignTotal(EvaluationReport.ALL_BENIGN).sessions()).isEqualTo(row.benign());
    assertThat(report.benignTotal(EvaluationReport.WARMUP).sessions())
        .isEqualTo(row.benignWarmup());
    assertThat(report.benignTotal(EvaluationReport.ALL_BENIGN).killed())
        .isEqualTo(row.benignKilled());
    assertThat(report.abuse().stream().mapToInt(AbuseMetrics::sessions).sum())
        .isEqualTo(row.abuse());
    // A hold also counts as detection in the grid, so it finds at least what the evaluator finds.
    assertThat(row.detected())
        .isGreaterThanOrEqualTo(
            report.scenarios().stream().mapToInt(CompromiseMetrics::detected).sum());
  }

  @Test
  void theNumberOfThreadsDoesNotChangeTheRows() {
    RobustnessGrid.Options oneThread =
        new RobustnessGrid.Options(
            TINY.accounts(),
            TINY.seeds(),
            TINY.durationMs(),
            TINY.warmupMs(),
            TINY.automatedWarmupMs(),
            1);
    List<RobustnessRow> again =
        RobustnessGrid.run(worlds.subList(0, 1), oneThread, RiskModelLoader.defaults());
    assertThat(again.get(0))
        .usingRecursiveComparison()
        .ignoringFields("seconds")
        .isEqualTo(rows.get(0));
  }
}
