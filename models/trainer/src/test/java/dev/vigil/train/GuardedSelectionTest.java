package dev.vigil.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GuardedSelectionTest {
  private static GuardedSelection.Outcome outcome(
      String name, int killed, int disrupted, int automatedDisrupted, int inTime) {
    return new GuardedSelection.Outcome(
        new GuardedSelection.Candidate(name, new double[0], 1, 0),
        10_000,
        killed,
        disrupted,
        50,
        automatedDisrupted,
        100,
        inTime,
        List.of());
  }

  @Test
  void eachRailRefusesOnItsOwnAndNamesItself() {
    GuardedSelection.Outcome base = outcome("base", 1, 20, 0, 80);
    assertThat(GuardedSelection.judge(base, outcome("kills", 2, 20, 0, 90)).failures())
        .singleElement()
        .asString()
        .contains("benign killed 2 > base's 1");
    // 0.1 pp of 10,000 is 10 sessions: 30 passes, 31 does not.
    assertThat(GuardedSelection.judge(base, outcome("steps", 1, 30, 0, 90)).passes()).isTrue();
    assertThat(GuardedSelection.judge(base, outcome("steps", 1, 31, 0, 90)).failures())
        .singleElement()
        .asString()
        .contains("benign step-up/hold +0.11 pp");
    assertThat(GuardedSelection.judge(base, outcome("bots", 1, 20, 1, 90)).failures())
        .singleElement()
        .asString()
        .contains("automated disrupted 1 > base's 0");
  }

  @Test
  void theMostTakeoversWithinTheRailsWinAndTheBaseKeepsTies() {
    GuardedSelection.Outcome base = outcome("base", 0, 20, 0, 80);
    List<GuardedSelection.Outcome> judged =
        List.of(
            base,
            GuardedSelection.judge(base, outcome("harmful", 3, 20, 0, 95)),
            GuardedSelection.judge(base, outcome("same", 0, 20, 0, 80)),
            GuardedSelection.judge(base, outcome("better", 0, 25, 0, 84)),
            GuardedSelection.judge(base, outcome("as good, gentler", 0, 21, 0, 84)));
    assertThat(judged.get(GuardedSelection.choose(judged)).candidate().name())
        .isEqualTo("as good, gentler");
    assertThat(GuardedSelection.choose(judged.subList(0, 3))).as("a tie keeps the base").isZero();
  }
}
