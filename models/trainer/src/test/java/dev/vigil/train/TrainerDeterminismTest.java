package dev.vigil.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.injection.InjectionConfig;
import org.junit.jupiter.api.Test;

/**
 * Same history, labels, injection and seed: the same bytes; another seed: another model. On the
 * human-only history, which also shows the warning for a missing population (the automated attacks
 * are not injected) while training goes on.
 */
class TrainerDeterminismTest {
  /** Few attacks, so that the three runs stay short; the automated one cannot be injected. */
  private static final String SMALL =
      "{\"attacks\": {\"stolen_api_key\": 2, \"token_hijack\": 6, \"mfa_brute_force\": 5,"
          + " \"low_and_slow\": 6}}";

  private static Trainer.Result train(long seed) {
    return Trainer.train(
        new Trainer.Request(
            TrainingFixture.humanOnly(),
            TrainingFixture.labels(),
            null,
            seed,
            InjectionConfig.parse(SMALL, InjectionConfig.defaults())));
  }

  @Test
  void sameInputsAndSeedGiveTheSameBytesAndAMissingPopulationIsWarnedAbout() {
    Trainer.Result a = train(3);
    Trainer.Result b = train(3);
    assertThat(b.model()).isEqualTo(a.model());
    assertThat(new String(a.model(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"provenance\"")
        .contains("\"modelVersion\" : \"trained-");
    assertThat(a.warnings())
        .anySatisfy(w -> assertThat(w).contains("no automated (API-key) session"))
        .anySatisfy(w -> assertThat(w).contains("stolen_api_key attack(s) not injected"));

    Trainer.Result c = train(4);
    assertThat(c.model()).isNotEqualTo(a.model());
    assertThat(c.modelVersion()).isNotEqualTo(a.modelVersion());
  }
}
