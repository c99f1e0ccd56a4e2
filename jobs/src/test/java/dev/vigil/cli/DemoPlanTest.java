package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo's pacing plan: the live window spans {@code --duration}, the history is unpaced. */
class DemoPlanTest {
  private static final long HISTORY = 178_000;
  private static final long LIVE = 72_000;

  @Test
  void theLiveWindowSpansTheDurationWithItsLastLineJustBeforeTheEnd() {
    DemoPlan plan = new DemoPlan(HISTORY, LIVE, Duration.ofSeconds(60));

    assertThat(plan.endNanos()).isEqualTo(Duration.ofSeconds(60).toNanos());
    assertThat(plan.dueNanos(0)).isZero();
    assertThat(plan.dueNanos(LIVE / 2)).isEqualTo(Duration.ofSeconds(30).toNanos());
    assertThat(plan.dueNanos(LIVE - 1))
        .isLessThan(plan.endNanos())
        .isGreaterThan(plan.endNanos() - Duration.ofMillis(1).toNanos());
    assertThat(plan.liveRate()).isEqualTo(1_200.0);
  }

  @Test
  void threeTimesTheDurationPacesEveryLiveLineThreeTimesLaterAtAThirdOfTheRate() {
    DemoPlan minute = new DemoPlan(HISTORY, LIVE, Duration.ofMinutes(1));
    DemoPlan three = new DemoPlan(HISTORY, LIVE, Duration.ofMinutes(3));

    assertThat(three.endNanos()).isEqualTo(3 * minute.endNanos());
    for (long i : new long[] {1, 999, LIVE / 3, LIVE - 1}) {
      assertThat(three.dueNanos(i))
          .as("line %d", i)
          .isBetween(3 * minute.dueNanos(i), 3 * minute.dueNanos(i) + 3);
    }
    assertThat(three.liveRate()).isEqualTo(minute.liveRate() / 3);
    assertThat(three.historyBound())
        .as("the history replay does not depend on the duration")
        .isEqualTo(minute.historyBound())
        .isEqualTo(DemoPlan.HISTORY_BOUND);
  }

  @Test
  void dueTimesRiseWithTheLineAndNeverOverflowForBigFilesAndLongWindows() {
    DemoPlan plan = new DemoPlan(0, 50_000_000, Duration.ofHours(24));
    long previous = -1;
    for (long i = 0; i < 50_000_000; i += 4_999_999) {
      long due = plan.dueNanos(i);
      assertThat(due).isGreaterThan(previous).isLessThan(plan.endNanos());
      previous = due;
    }
  }

  @Test
  void refusesLinesOutsideTheWindowAndAnEmptyWindow() {
    DemoPlan plan = new DemoPlan(HISTORY, LIVE, Duration.ofSeconds(5));
    assertThatThrownBy(() -> plan.dueNanos(LIVE)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> plan.dueNanos(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DemoPlan(HISTORY, LIVE, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theHistoryLineSaysWhatItHoldsAndItsBound() {
    assertThat(DemoSender.historyStarts(new DemoPlan(HISTORY, LIVE, Duration.ofSeconds(60))))
        .isEqualTo(
            "History replay: 178,000 events (2 days, no attacks in them: the profiles learn),"
                + " sent unpaced; it ends when the jobs have read them, after 3m at most.");
    assertThat(DemoSender.human(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(DemoSender.human(Duration.ofSeconds(60))).isEqualTo("60s");
    assertThat(DemoSender.human(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(DemoSender.human(Duration.ofMinutes(3))).isEqualTo("3m");
  }
}
