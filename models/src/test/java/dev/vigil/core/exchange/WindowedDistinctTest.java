package dev.vigil.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.sketch.Hashing;
import org.junit.jupiter.api.Test;

class WindowedDistinctTest {
  @Test
  void countsStayWithinTheStatedErrorFromTenToTenThousand() {
    for (int n : new int[] {10, 20, 100, 640, 2_000, 10_000}) {
      WindowedDistinct d = new WindowedDistinct();
      for (int i = 0; i < n; i++) {
        d.add(Hashing.of("account-" + i));
        d.add(Hashing.of("account-" + i));
      }
      // Three standard errors of 6.5 %, at least one value.
      assertThat(d.estimate())
          .as("n=%d", n)
          .isCloseTo(n, org.assertj.core.data.Offset.offset(Math.max(1.0, 0.195 * n)));
    }
  }

  @Test
  void aRotationKeepsOneHalfAndASecondForgetsIt() {
    WindowedDistinct d = new WindowedDistinct();
    for (int i = 0; i < 50; i++) {
      d.add(Hashing.of("a-" + i));
    }
    d.rotate(1);
    for (int i = 0; i < 50; i++) {
      d.add(Hashing.of("b-" + i));
    }
    assertThat(d.estimate()).isBetween(90.0, 110.0);
    d.rotate(1);
    assertThat(d.estimate()).isBetween(45.0, 55.0);
    d.rotate(2);
    assertThat(d.estimate()).isZero();
  }
}
