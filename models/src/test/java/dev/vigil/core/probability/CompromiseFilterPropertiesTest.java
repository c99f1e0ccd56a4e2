package dev.vigil.core.probability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class CompromiseFilterPropertiesTest {
  private static final RiskModel.Filter F = RiskModelLoader.defaults().filter;

  @Property
  void probabilityStaysInTheUnitInterval(
      @ForAll @DoubleRange(min = -100, max = 100) double logOdds,
      @ForAll @DoubleRange(min = -1e6, max = 1e6) double llr) {
    double p = CompromiseFilter.probability(CompromiseFilter.step(logOdds, llr, F));
    assertThat(p).isBetween(0.0, 1.0);
  }

  @Property
  void moreHostileEvidenceNeverLowersTheProbability(
      @ForAll @DoubleRange(min = -40, max = 40) double logOdds,
      @ForAll @DoubleRange(min = -50, max = 50) double llr,
      @ForAll @DoubleRange(min = 0, max = 50) double extra) {
    assertThat(CompromiseFilter.step(logOdds, llr + extra, F))
        .isGreaterThanOrEqualTo(CompromiseFilter.step(logOdds, llr, F));
  }

  @Property
  void aMoreSuspiciousPastNeverLowersTheProbability(
      @ForAll @DoubleRange(min = -40, max = 40) double logOdds,
      @ForAll @DoubleRange(min = 0, max = 40) double higher,
      @ForAll @DoubleRange(min = -50, max = 50) double llr) {
    assertThat(CompromiseFilter.step(logOdds + higher, llr, F))
        .isGreaterThanOrEqualTo(CompromiseFilter.step(logOdds, llr, F));
  }

  @Test
  void withoutEvidenceTheProbabilityRelaxesTowardsTheHazardRecoveryBalance() {
    double l = 5; // p close to 1
    for (int i = 0; i < 20_000; i++) {
      l = CompromiseFilter.step(l, 0.0, F);
    }
    double stationary = F.hazardPerRequest / (F.hazardPerRequest + F.recoveryPerRequest);
    assertThat(CompromiseFilter.probability(l))
        .isCloseTo(stationary, org.assertj.core.data.Offset.offset(1e-4));
  }
}
