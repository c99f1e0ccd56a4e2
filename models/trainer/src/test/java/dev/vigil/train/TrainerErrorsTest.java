package dev.vigil.train;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.injection.InjectionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each input problem fails with one line that names it and the fix. */
class TrainerErrorsTest {
  @TempDir Path dir;

  private static Trainer.Request request(Path history, Path labels, Path base, String injection) {
    return new Trainer.Request(
        history,
        labels,
        base,
        1,
        injection == null
            ? TrainingFixture.injection()
            : InjectionConfig.parse(injection, InjectionConfig.defaults()));
  }

  @Test
  void anEmptyHistory() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n");
    assertThatThrownBy(() -> Trainer.train(request(empty, null, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty.jsonl has no events");
  }

  @Test
  void labelsThatMatchNoSessionOfTheHistory() throws Exception {
    Path head = head(200);
    Path labels =
        Files.writeString(
            dir.resolve("labels.jsonl"),
            "{\"session.id\": \"elsewhere\", \"population\": \"retail\", \"label\": \"benign\"}\n");
    assertThatThrownBy(() -> Trainer.train(request(head, labels, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none of its 1 sessions is in the history");
  }

  @Test
  void nothingAttackedToLearnFrom() throws Exception {
    Path head = head(3000);
    assertThatThrownBy(
            () ->
                Trainer.train(
                    request(head, null, null, "{\"attacks\": {\"token_hijack\": 0}, \"l2\": 1}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no attacked session to learn from");
  }

  @Test
  void aBaseModelWithABadValueGivesTheLoadersMessage() throws Exception {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var tree = mapper.readTree(Path.of("../artifacts/vigil-model.json").toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("filter"))
        .put("hazardPerRequest", 0.5);
    Path base = dir.resolve("bad.json");
    mapper.writeValue(base.toFile(), tree);
    assertThatThrownBy(() -> Trainer.train(request(head(10), null, base, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("filter.hazardPerRequest: value 0.5 is out of range");
  }

  @Test
  void anUnknownInjectionKey() {
    assertThatThrownBy(() -> InjectionConfig.parse("{\"atacks\": {}}", InjectionConfig.defaults()))
        .hasMessageContaining("unknown key 'atacks'");
  }

  private Path head(int lines) throws Exception {
    List<String> all;
    try (var s = Files.lines(TrainingFixture.history())) {
      all = s.limit(lines).toList();
    }
    return Files.write(dir.resolve("head-" + lines + ".jsonl"), all);
  }
}
