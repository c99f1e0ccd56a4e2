package dev.vigil.core.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LabelledSeriesTest {
  @Test
  void aSeedGivesTheSameSeriesAndAnotherSeedAnother() {
    LabelledSeries a = LabelledSeries.generate(7);
    LabelledSeries b = LabelledSeries.generate(7);
    LabelledSeries c = LabelledSeries.generate(8);
    assertThat(a.times).isEqualTo(b.times);
    assertThat(a.values).isEqualTo(b.values);
    assertThat(a.anomalies).isEqualTo(b.anomalies);
    assertThat(Arrays.equals(a.values, c.values)).isFalse();
  }

  @Test
  void tenAnomaliesTwoOfEachKindAfterTwoWeeksOfHistoryInTimeOrder() {
    LabelledSeries s = LabelledSeries.generate(3);
    assertThat(s.anomalies).hasSize(10);
    for (LabelledSeries.Kind k : LabelledSeries.Kind.values()) {
      assertThat(s.anomalies.stream().filter(a -> a.kind() == k)).hasSize(2);
    }
    long previous = s.evaluationStart;
    for (LabelledSeries.Anomaly a : s.anomalies) {
      assertThat(a.start()).isGreaterThan(previous);
      assertThat(a.windowEnd()).isGreaterThan(a.start());
      previous = a.start();
    }
  }

  @Test
  void pointsAreIrregularWithGapsAndInTimeOrder() {
    LabelledSeries s = LabelledSeries.generate(3);
    long maxGap = 0;
    long distinctGaps = Arrays.stream(s.times).map(t -> t % 60_000L).distinct().count();
    for (int i = 1; i < s.times.length; i++) {
      assertThat(s.times[i]).isGreaterThan(s.times[i - 1]);
      maxGap = Math.max(maxGap, s.times[i] - s.times[i - 1]);
    }
    assertThat(maxGap).isGreaterThanOrEqualTo(2 * LabelledSeries.HOUR);
    assertThat(distinctGaps).isGreaterThan(1000);
    assertThat(s.times.length).isBetween(35 * 1440 - 1500, 35 * 1440 - 300);
  }
}
