package dev.vigil.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  @Test
  void trainsALoadableModelAndPrintsItsHeldOutMetrics(@TempDir Path dir) throws Exception {
    // The simulator's labels plus three analyst labels that match no session of the history.
    Path labels = dir.resolve("labels.jsonl");
    Files.copy(TrainingFixture.labels(), labels);
    Files.writeString(
        labels,
        "{\"sessionId\": \"s-gone-1\", \"verdict\": \"COMPROMISED\", \"analyst\": \"ana\","
            + " \"labelledAt\": 1}\n"
            + "{\"sessionId\": \"s-gone-2\", \"verdict\": \"benign\", \"analyst\": \"ana\","
            + " \"labelledAt\": 1}\n"
            + "{\"decisionId\": \"d-only\", \"verdict\": \"abuse\", \"analyst\": \"bo\","
            + " \"labelledAt\": 1}\n",
        StandardOpenOption.APPEND);
    long t0 = System.nanoTime();
    Trainer.Result r =
        Trainer.train(
            new Trainer.Request(
                TrainingFixture.history(), labels, null, 7, TrainingFixture.injection()));
    System.out.println(Summary.render(r, (System.nanoTime() - t0) / 1e9));
    RiskModel m = RiskModelLoader.parse(r.model());
    assertThat(m.modelVersion).startsWith("trained-").isEqualTo(r.modelVersion());
    JsonNode p = new ObjectMapper().readTree(r.model()).get("provenance");
    assertThat(p.path("history").path("events").asLong()).isPositive();
    assertThat(p.path("labels").path("matched").asInt()).isPositive();
    assertThat(p.path("labels").path("unmatched").asInt()).isEqualTo(3);
    assertThat(r.warnings())
        .contains(
            "3 labels match no session: s-gone-1, s-gone-2, d-only in the history; they are left"
                + " out of the fit");
    assertThat(p.path("heldOut").path("rocAuc").asDouble()).isBetween(0.0, 1.0);
    assertThat(r.fit().metrics().attacked()).isPositive();

    // Every candidate was replayed and judged against the base model; the written one passed.
    JsonNode selection = p.path("selection");
    assertThat(selection.path("candidates")).hasSize(5);
    assertThat(selection.path("candidates").get(0).path("name").asText()).isEqualTo("base");
    JsonNode chosen = null;
    for (JsonNode c : selection.path("candidates")) {
      if (c.path("name").asText().equals(selection.path("chosen").asText())) {
        chosen = c;
      }
    }
    assertThat(chosen).isNotNull();
    assertThat(chosen.path("refused")).isEmpty();
    JsonNode base = selection.path("candidates").get(0);
    assertThat(chosen.path("actedInTime").asInt())
        .isGreaterThanOrEqualTo(base.path("actedInTime").asInt());
    assertThat(chosen.path("benignKilled").asInt())
        .isLessThanOrEqualTo(base.path("benignKilled").asInt());
    assertThat(m.combination.isIdentity())
        .as("the written combination is the chosen candidate's")
        .isEqualTo(selection.path("chosen").asText().equals("base"));
  }
}
