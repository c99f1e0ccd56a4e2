package dev.vigil.core.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.model.VolumeSettings;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SeasonalRobustDetectorTest {
  private static final VolumeSettings V = RiskModelLoader.defaults().volume;
  private static final long MINUTE = 60_000L;

  /** A daily cycle (busy afternoons) with noise, one point per minute. */
  private static double cycle(long t, Random rnd) {
    double hour = (t / 3_600_000.0) % 24;
    return 100 + 60 * Math.sin(2 * Math.PI * hour / 24) + rnd.nextGaussian() * 5;
  }

  @Test
  void learnsTheDailyCycleSoThatThePeakOfTheDayIsNotAnAnomaly() {
    SeasonalRobustDetector d = new SeasonalRobustDetector(V);
    Random rnd = new Random(1);
    int alarms = 0;
    double sum = 0;
    for (long t = 0; t < 8 * 1440 * MINUTE; t += MINUTE) {
      double s = d.update(t, cycle(t, rnd));
      if (t >= 7 * 1440 * MINUTE) {
        alarms += s > 0.5 ? 1 : 0;
        sum += s;
      }
    }
    // Gaussian noise alone puts about 0.05 % of points beyond z = 3.4 (score 0.5); the seasonal
    // fit (48 buckets against a smooth cycle) adds a little: under 1 % of the day alarms.
    assertThat(alarms).isLessThan(14);
    assertThat(sum / 1440).isLessThan(0.02);
  }

  @Test
  void scoresASurgeHighAndAdaptsToALastingLevelShift() {
    SeasonalRobustDetector d = new SeasonalRobustDetector(V);
    Random rnd = new Random(2);
    long t = 0;
    for (; t < 3 * 1440 * MINUTE; t += MINUTE) {
      d.update(t, cycle(t, rnd));
    }
    assertThat(d.update(t, cycle(t, rnd) + 500)).isGreaterThan(0.9);
    t += MINUTE;
    // The level rises by 100 for good: scores are high at first, then fade.
    double first = d.update(t, cycle(t, rnd) + 100);
    double last = 0;
    for (int i = 0; i < 600; i++) {
      t += MINUTE;
      last = d.update(t, cycle(t, rnd) + 100);
    }
    assertThat(first).isGreaterThan(0.5);
    assertThat(last).isLessThan(0.2);
  }

  @Property
  void scoreIsAlwaysInTheUnitInterval(
      @ForAll @Size(max = 300) java.util.List<@DoubleRange(min = -1e9, max = 1e9) Double> values) {
    SeasonalRobustDetector d = new SeasonalRobustDetector(V);
    long t = 0;
    for (double v : values) {
      assertThat(d.update(t += MINUTE, v)).isBetween(0.0, 1.0);
    }
  }

  @Test
  void recommendsLimitsFromTheQuantileOfSessionPeaksWithBoundedEndpoints() {
    PeakRateLimits limits = new PeakRateLimits(2);
    for (int i = 1; i <= 1000; i++) {
      limits.recordSessionPeak("/api/v1/orders", i / 100.0);
    }
    limits.recordSessionPeak("/api/v1/ticker", 3);
    limits.recordSessionPeak("/api/v1/other", 7);
    limits.recordSessionPeak("/api/v1/more", 9);
    assertThat(limits.endpoints()).isEqualTo(3);
    assertThat(limits.recommendedLimit("/api/v1/orders", 0.99, 1.5))
        .isCloseTo(9.9 * 1.5, org.assertj.core.data.Offset.offset(0.2));
    assertThat(limits.recommendedLimit("/api/v1/unknown", 0.99, 1))
        .isCloseTo(9, org.assertj.core.data.Offset.offset(0.1));
  }
}
