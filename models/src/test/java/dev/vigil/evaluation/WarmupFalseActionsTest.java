package dev.vigil.evaluation;

import static dev.vigil.evaluation.EvaluatorTest.benign;
import static dev.vigil.evaluation.EvaluatorTest.command;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.SessionCommand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * False actions on warm-up sessions (history replayed before the evaluated window) are counted,
 * apart and in the benign totals, and a rate over too few sessions is never printed as a bare
 * percentage.
 */
class WarmupFalseActionsTest {
  /**
   * 11 window retail sessions, none acted on; 40 warm-up retail sessions, 8 stepped up, 1 killed.
   */
  private static EvaluationReport elevenCleanWindowSessionsAndFortyWarmupOnesEightSteppedUp() {
    List<SessionLabel> labels = new ArrayList<>();
    List<SessionCommand> commands = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      labels.add(benign("s-w" + i, "retail", null));
    }
    for (int i = 0; i < 40; i++) {
      labels.add(warmup("s-h" + i, i % 2 == 0 ? "retail" : "bot"));
    }
    for (int i = 0; i < 8; i++) {
      commands.add(command("s-h" + i, CommandAction.STEP_UP, "e-" + i, 100 + i));
    }
    commands.add(command("s-h9", CommandAction.KILL, "e-9", 200));
    return Evaluator.evaluate(labels, commands, null);
  }

  @Test
  void falseActionsOnWarmupSessionsAreCountedApartAndInTheTotal() {
    EvaluationReport r = elevenCleanWindowSessionsAndFortyWarmupOnesEightSteppedUp();

    assertThat(r.labelledSessions()).isEqualTo(11);
    assertThat(r.warmupSessions()).isEqualTo(40);
    assertThat(r.warmupCommands()).isEqualTo(9);
    assertThat(r.unmatchedCommands()).isZero();
    FalseActionMetrics all = r.benignTotal(EvaluationReport.ALL_BENIGN);
    assertThat(all.sessions()).isEqualTo(51);
    assertThat(all.steppedUp()).isEqualTo(8);
    assertThat(all.killed()).isEqualTo(1);
    assertThat(r.benignTotal(EvaluationReport.WINDOW).sessions()).isEqualTo(11);
    assertThat(r.benignTotal(EvaluationReport.WINDOW).steppedUp()).isZero();
    FalseActionMetrics warm = r.benignTotal(EvaluationReport.WARMUP);
    assertThat(warm.sessions()).isEqualTo(40);
    assertThat(warm.steppedUp()).isEqualTo(8);
    assertThat(r.benignWarmupByPopulation())
        .extracting(FalseActionMetrics::group, FalseActionMetrics::sessions)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("retail", 20),
            org.assertj.core.groups.Tuple.tuple("bot", 20));
  }

  @Test
  void theTableSaysWhatEachRateIsOverAndGivesNoRateOverFewerThanThirtySessions() {
    String table = ReportTable.render(elevenCleanWindowSessionsAndFortyWarmupOnesEightSteppedUp());

    assertThat(table)
        .contains("11 labelled sessions in the window and 40 in the warm-up")
        .contains("9 on warm-up sessions")
        .containsPattern("all benign +51 +1/51 2\\.0% +8/51 15\\.7%")
        .containsPattern("  window +11 +0/11 n<30 +0/11 n<30")
        .containsPattern("  warm-up +40 +1/40 2\\.5% +8/40 20\\.0%")
        .containsPattern("in the warm-up, per population\\n  retail +20 +0/20 n<30 +4/20 n<30")
        .doesNotContainPattern("/(11|20) [0-9]");
  }

  private static SessionLabel warmup(String id, String population) {
    return SessionLabel.benign(id, "u-" + id, population, null, true);
  }
}
