package dev.vigil.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NonceRingTest {
  @Test
  void findsANonceWithinTheWindowAndForgetsItAfter() {
    NonceRing r = new NonceRing(4);
    r.add(42, 1_000);
    assertThat(r.seenAt(42, 0)).isEqualTo(1_000);
    assertThat(r.seenAt(42, 1_001)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void holdsOnlyTheMostRecentCapacityNonces() {
    NonceRing r = new NonceRing(4);
    for (int i = 1; i <= 5; i++) {
      r.add(i, i);
    }
    assertThat(r.size()).isEqualTo(4);
    assertThat(r.seenAt(1, 0)).isEqualTo(Long.MIN_VALUE);
    assertThat(r.seenAt(5, 0)).isEqualTo(5);
  }
}
