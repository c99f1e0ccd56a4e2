package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.model.EndpointRole;
import dev.vigil.core.model.EndpointRoles;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil endpoints suggest} on the simulator's traffic. */
class EndpointsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ROW =
      Pattern.compile("^\\s*([\\d,]+)\\s+[\\d.]+%\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)$");

  @TempDir static Path dir;
  static Path events;

  @BeforeAll
  static void simulate() {
    CliRun sim =
        CliRun.of(
            "simulate",
            "--accounts",
            "200",
            "--duration",
            "20m",
            "--seed",
            "5",
            "--out",
            dir.toString());
    assertThat(sim.exitCode()).as(sim.err()).isZero();
    events = dir.resolve("events.jsonl");
  }

  @Test
  void printsTheBusiestTemplatesWithTheirVolumesAndTheModelsRoles() throws Exception {
    CliRun run = CliRun.of("endpoints", "suggest", "--input", events.toString(), "--top", "8");

    assertThat(run.exitCode()).as(run.err()).isZero();
    long lines = Files.lines(events).filter(l -> !l.isBlank()).count();
    assertThat(run.out()).contains(String.format(java.util.Locale.ROOT, "%,d requests", lines));
    List<String> rows = run.out().lines().filter(l -> ROW.matcher(l).matches()).toList();
    assertThat(rows).hasSize(8);
    long previous = Long.MAX_VALUE;
    for (String row : rows) {
      Matcher m = ROW.matcher(row);
      assertThat(m.matches()).isTrue();
      long count = Long.parseLong(m.group(1).replace(",", ""));
      assertThat(count).as("busiest first").isLessThanOrEqualTo(previous);
      previous = count;
      assertThat(m.group(3).replaceAll("/v\\d+/", "/"))
          .as("ids and symbols are templated, API versions kept")
          .doesNotContainPattern("\\d");
      EndpointRole role = EndpointRole.byWireName(m.group(4));
      assertThat(role).as(row).isNotNull();
    }
  }

  @Test
  void theDraftGuessedFromPathWordsAloneLoadsAndAgreesWithTheBuiltInRoles() throws Exception {
    // A model whose roles name nothing: every role in the draft is a guess from the path.
    ObjectNode tree =
        (ObjectNode)
            JSON.readTree(RiskModelLoader.class.getResourceAsStream("/vigil/vigil-model.json"));
    ((ObjectNode) tree.get("evidence")).putObject("endpointRoles");
    Path blank = dir.resolve("blank-roles.json");
    JSON.writeValue(blank.toFile(), tree);
    Path draft = dir.resolve("draft.json");

    CliRun run =
        CliRun.of(
            "endpoints",
            "suggest",
            "--input",
            events.toString(),
            "--model",
            blank.toString(),
            "--out",
            draft.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("wrote a draft endpointRoles section");
    JsonNode section = JSON.readTree(draft.toFile());
    ((ObjectNode) tree.get("evidence")).set("endpointRoles", section);
    RiskModel drafted = RiskModelLoader.parse(JSON.writeValueAsBytes(tree));
    EndpointRoles defaults = EndpointRoles.defaults();
    int compared = 0;
    for (String line : Files.readAllLines(events)) {
      JsonNode e = JSON.readTree(line);
      String method = e.get("http.request.method").asText();
      String path = e.get("url.path").asText();
      assertThat(drafted.evidence.roles.roleOf(method, path))
          .as(method + " " + path)
          .isEqualTo(defaults.roleOf(method, path));
      compared++;
    }
    assertThat(compared).isGreaterThan(1_000);
    assertThat(section.fieldNames()).toIterable().contains("history", "orders", "market_data");
  }

  @Test
  void aMissingInputIsNamedOnOneLine() {
    CliRun run = CliRun.of("endpoints", "suggest", "--input", dir.resolve("nope.jsonl").toString());
    assertThat(run.exitCode()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(run.err()).contains("does not exist").doesNotContain("\tat ");
  }
}
