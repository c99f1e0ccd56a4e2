package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.evaluation.SessionLabel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil limits recommend} on the simulator's traffic. */
class LimitsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path events;
  static Path labels;

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
    labels = dir.resolve("labels.jsonl");
  }

  @Test
  void writesOneSetRateLimitPerPopulationAndRoleWithItsBasisAndPrintsTheTable() throws Exception {
    Path out = dir.resolve("limits.json");
    CliRun run =
        CliRun.of(
            "limits",
            "recommend",
            "--input",
            events.toString(),
            "--labels",
            labels.toString(),
            "--out",
            out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode root = JSON.readTree(out.toFile());
    long abusive =
        EvaluationFiles.readLabels(labels).stream()
            .filter(l -> !SessionLabel.BENIGN.equals(l.label()))
            .count();
    assertThat(root.at("/method/sessionsLeftOut").asLong()).isEqualTo(abusive);
    assertThat(root.at("/method/quantile").asDouble()).isEqualTo(0.999);
    JsonNode limits = root.get("limits");
    assertThat(limits.size()).isGreaterThan(5);
    for (JsonNode l : limits) {
      JsonNode basis = l.get("basis");
      double rps = l.get("requestsPerSecond").asDouble();
      assertThat(l.get("action").asText()).isEqualTo("SET_RATE_LIMIT");
      assertThat(rps)
          .as(
              "%s: p99.9 of fewer than 1,000 peaks is their max (within 1 %% either side), times 1.5",
              l)
          .isGreaterThanOrEqualTo(
              basis.get("observedMaxRequestsPerSecond").asDouble() * 1.5 * 0.98);
      assertThat(l.get("burst").asInt()).isGreaterThanOrEqualTo((int) Math.floor(rps * 10));
      assertThat(run.out())
          .containsPattern(
              "(?m)^" + l.get("population").asText() + "\\s+" + l.get("role").asText() + "\\s");
    }
    assertThat(run.out()).contains("limit = p99.9 x 1.5", "wrote " + limits.size() + " limits");
  }

  @Test
  void aQuantileAboveOneIsAUsageErrorThatNamesTheOptionAndWritesNothing() {
    Path out = dir.resolve("never.json");
    CliRun run =
        CliRun.of(
            "limits",
            "recommend",
            "--input",
            events.toString(),
            "--out",
            out.toString(),
            "--quantile",
            "99");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--quantile must be in (0, 1]").doesNotContain("Exception");
    assertThat(Files.exists(out)).isFalse();
  }

  @Test
  void aMissingInputFailsNamingTheFileAndTheOption() {
    CliRun run =
        CliRun.of(
            "limits",
            "recommend",
            "--input",
            dir.resolve("nope.jsonl").toString(),
            "--out",
            dir.resolve("x.json").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("nope.jsonl does not exist; check --input");
  }
}
