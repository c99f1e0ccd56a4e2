package dev.vigil.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DecayedTopKTest {
  @Property
  void neverHoldsMoreThanItsCapacity(
      @ForAll @IntRange(min = 1, max = 32) int k,
      @ForAll @Size(max = 500) List<@LongRange(min = 1, max = 10_000) Long> keys) {
    DecayedTopK t = new DecayedTopK(k);
    for (long key : keys) {
      t.add(key, 1f);
    }
    assertThat(t.size()).isLessThanOrEqualTo(k);
    assertThat(t.total()).isEqualTo(keys.size());
  }

  @Property
  void keepsEveryValueHeavierThanTotalOverCapacityWithinTheSpaceSavingBound(
      @ForAll @IntRange(min = 2, max = 16) int k,
      @ForAll @Size(max = 400) List<@LongRange(min = 1, max = 40) Long> keys) {
    DecayedTopK t = new DecayedTopK(k);
    Map<Long, Integer> truth = new HashMap<>();
    for (long key : keys) {
      t.add(key, 1f);
      truth.merge(key, 1, Integer::sum);
    }
    double bound = (double) keys.size() / k;
    truth.forEach(
        (key, c) -> {
          if (c > bound) {
            assertThat(t.count(key)).isGreaterThanOrEqualTo(c);
          }
          if (t.count(key) > 0) {
            assertThat(t.count(key) - c).isLessThanOrEqualTo((float) bound + 1e-3f);
          }
        });
  }

  @Test
  void rescalingKeepsRelativeShares() {
    DecayedTopK t = new DecayedTopK(4);
    t.add(1, 3f);
    t.add(2, 1f);
    t.rescale(0.5f);
    assertThat(t.count(1) / t.total()).isEqualTo(0.75f);
  }

  @Test
  void withdrawUndoesAnAddAndRemovesAnEntryLeftAtZero() {
    DecayedTopK t = new DecayedTopK(4);
    t.add(7L, 3f);
    t.add(9L, 2f);
    t.add(11L, 1f);
    t.withdraw(9L, 2f);
    assertThat(t.count(9L)).isZero();
    assertThat(t.size()).isEqualTo(2);
    assertThat(t.total()).isEqualTo(4f);
    assertThat(t.count(11L)).as("the last entry moved into the freed slot").isEqualTo(1f);
    t.withdraw(7L, 1f);
    assertThat(t.count(7L)).isEqualTo(2f);
    t.withdraw(42L, 5f);
    assertThat(t.total()).as("a key not held takes nothing back").isEqualTo(3f);
    t.withdraw(11L, 10f);
    assertThat(t.total()).as("never more than the entry holds").isEqualTo(2f);
  }

  @Test
  void aKeyLookedUpLastIsNotFoundWhereItWasOnceItMovedOrLeft() {
    DecayedTopK t = new DecayedTopK(3);
    t.add(7L, 1f);
    t.add(9L, 1f);
    t.add(11L, 1f);
    assertThat(t.count(11L)).isEqualTo(1f); // found at the last slot
    t.withdraw(7L, 1f); // 11 moves into slot 0, slot 2 is beyond the size
    assertThat(t.count(11L)).isEqualTo(1f);
    assertThat(t.count(9L)).isEqualTo(1f);
    t.withdraw(9L, 1f); // the slot last found is freed
    assertThat(t.count(9L)).isZero();
    t.add(13L, 2f);
    t.add(15L, 1f);
    t.add(17L, 4f); // full: the lightest (11 or 15, weight 1) is replaced
    assertThat(t.size()).isEqualTo(3);
    assertThat(t.count(13L)).isEqualTo(2f);
    assertThat(t.count(17L)).as("the newcomer inherits the lightest weight").isEqualTo(5f);
    assertThat(t.count(11L) + t.count(15L)).isEqualTo(1f);
  }
}
