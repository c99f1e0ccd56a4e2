package dev.vigil.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Space-Saving's bounds as {@link FloodSources} states them, on random skewed streams: a held
 * source's guaranteed count never exceeds its true count and is short of it by at most n / 16, and
 * every source with more than n / 16 requests is held.
 */
class FloodSourcesTest {
  @Test
  void guaranteedCountsAreLowerBoundsWithinNOverSixteenAndEveryHeavySourceIsHeld() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int round = 0; round < 200; round++) {
      FloodSources f = new FloodSources();
      Map<Long, Integer> truth = new HashMap<>();
      int n = 200 + rng.nextInt(3_000);
      int heavy = 1 + rng.nextInt(4);
      for (int i = 0; i < n; i++) {
        // A few heavy sources among a long tail of light ones.
        long key = rng.nextDouble() < 0.6 ? 1 + rng.nextInt(heavy) : 100 + rng.nextInt(5_000);
        f.add(key, "s" + key, false);
        truth.merge(key, 1, Integer::sum);
      }
      assertThat(f.size()).isLessThanOrEqualTo(FloodSources.CAPACITY);
      Map<Long, Integer> held = new HashMap<>();
      for (int i = 0; i < f.size(); i++) {
        long key = f.key(i);
        held.put(key, f.guaranteed(i));
        assertThat(f.guaranteed(i)).isLessThanOrEqualTo(truth.get(key));
        assertThat(truth.get(key) - f.guaranteed(i)).isLessThanOrEqualTo(n / FloodSources.CAPACITY);
        assertThat(f.text(i)).isEqualTo("s" + key);
      }
      truth.forEach(
          (key, count) -> {
            if (count > n / FloodSources.CAPACITY) {
              assertThat(held).containsKey(key);
            }
          });
    }
  }

  @Test
  void theTablesBinaryFormReadsBackAndAbsentFeaturesAreNotCounted() throws Exception {
    FloodSources f = new FloodSources();
    f.add(0L, "absent", false);
    assertThat(f.size()).isZero();
    for (int i = 0; i < 40; i++) {
      f.add(1 + i % 20, "203.0.113." + i % 20, i % 3 == 0);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    f.write(new DataOutputStream(bytes));
    FloodSources back = new FloodSources();
    back.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(back.size()).isEqualTo(f.size()).isEqualTo(FloodSources.CAPACITY);
    for (int i = 0; i < f.size(); i++) {
      assertThat(back.key(i)).isEqualTo(f.key(i));
      assertThat(back.guaranteed(i)).isEqualTo(f.guaranteed(i));
      assertThat(back.failures(i)).isEqualTo(f.failures(i));
      assertThat(back.text(i)).isEqualTo(f.text(i));
    }
  }
}
