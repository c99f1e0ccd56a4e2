package dev.vigil.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import org.junit.jupiter.api.Test;

class TrainerTest {
  @Test
  void trainsALoadableModelAndPrintsItsHeldOutMetrics() throws Exception {
    long t0 = System.nanoTime();
    Trainer.Result r =
        Trainer.train(
            new Trainer.Request(
                TrainingFixture.history(),
                TrainingFixture.labels(),
                null,
                7,
                TrainingFixture.injection()));
    System.out.println(Summary.render(r, (System.nanoTime() - t0) / 1e9));
    RiskModel m = RiskModelLoader.parse(r.model());
    assertThat(m.modelVersion).startsWith("trained-").isEqualTo(r.modelVersion());
    assertThat(m.combination.isIdentity()).isFalse();
    JsonNode p = new ObjectMapper().readTree(r.model()).get("provenance");
    assertThat(p.path("history").path("events").asLong()).isPositive();
    assertThat(p.path("labels").path("matched").asInt()).isPositive();
    assertThat(p.path("heldOut").path("rocAuc").asDouble()).isBetween(0.0, 1.0);
    assertThat(r.fit().metrics().attacked()).isPositive();
  }
}
