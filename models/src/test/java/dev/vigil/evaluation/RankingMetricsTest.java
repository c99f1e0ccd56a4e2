package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RankingMetricsTest {
  @Test
  void rocIsTheShareOfPairsRankedRightAndPrTheAveragePrecision() {
    RankingMetrics m =
        RankingMetrics.of(
            new double[] {0.9, 0.8, 0.7, 0.6, 0.5},
            new boolean[] {true, false, true, false, false});
    assertThat(m.positives()).isEqualTo(2);
    assertThat(m.negatives()).isEqualTo(3);
    assertThat(m.rocAuc()).isCloseTo(5.0 / 6, within(1e-12)); // 5 of 6 pairs in order
    assertThat(m.prAuc()).isCloseTo(0.5 * 1 + 0.5 * 2 / 3.0, within(1e-12));
  }

  @Test
  void tiesCountHalfAndAreTakenTogether() {
    RankingMetrics m = RankingMetrics.of(new double[] {0.5, 0.5}, new boolean[] {true, false});
    assertThat(m.rocAuc()).isEqualTo(0.5);
    assertThat(m.prAuc()).isEqualTo(0.5);
  }

  @Test
  void aPerfectRankingScoresOneAndAnEmptyClassNaN() {
    RankingMetrics m =
        RankingMetrics.of(new double[] {0.1, 0.2, 0.9}, new boolean[] {false, false, true});
    assertThat(m.rocAuc()).isEqualTo(1.0);
    assertThat(m.prAuc()).isEqualTo(1.0);
    assertThat(RankingMetrics.of(new double[] {0.1}, new boolean[] {true}).rocAuc()).isNaN();
  }
}
