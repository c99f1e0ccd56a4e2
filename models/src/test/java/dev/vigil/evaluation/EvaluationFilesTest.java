package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.PlainJson;
import dev.vigil.schema.SessionCommand;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluation on files: the simulator's labels, PlainJson commands, report.json and charts. */
class EvaluationFilesTest {

  @Test
  void scoresCommandsThatKillEachCompromiseAtTakeoverAsFullDetection(@TempDir Path dir)
      throws Exception {
    Simulator.generate(
        new SimulationConfig(250, 15 * 60_000L, 3, ScenarioMix.attacksOnlySmall()), dir);
    List<SessionLabel> labels = EvaluationFiles.readLabels(dir.resolve("labels.jsonl"));
    List<String> lines = new ArrayList<>();
    int compromised = 0;
    for (SessionLabel l : labels) {
      if (l.compromised() && l.attackerRequests() > 1) {
        compromised++;
        lines.add(
            PlainJson.toJson(
                EvaluatorTest.command(
                    l.sessionId(), CommandAction.KILL, l.takeoverEventId(), l.takeoverTime())));
      }
    }
    Files.write(dir.resolve("commands.jsonl"), lines);
    EvaluationReport r =
        Evaluation.run(dir.resolve("labels.jsonl"), dir.resolve("commands.jsonl"), null, dir);

    assertThat(compromised).isPositive();
    int detected = r.scenarios().stream().mapToInt(CompromiseMetrics::detected).sum();
    assertThat(detected).isEqualTo(compromised);
    for (CompromiseMetrics m : r.scenarios()) {
      if (m.acted() > 0) {
        assertThat(m.requestsToAction().p95()).isEqualTo(1.0);
        assertThat(m.secondsToAction().p95()).isEqualTo(0.0);
      }
    }
    JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertThat(json.get("labelledSessions").intValue()).isEqualTo(labels.size());
    assertThat(json.get("scenarios").isArray()).isTrue();
    BufferedImage png = ImageIO.read(dir.resolve(ReportCharts.TIME_TO_ACTION).toFile());
    assertThat(png.getWidth()).isEqualTo(900);
    assertThat(dir.resolve(ReportCharts.RELIABILITY)).doesNotExist();
    assertThat(ReportTable.render(r)).contains("token_hijack").contains("False actions");
  }

  @Test
  void drawsTheReliabilityDiagramWhenDecisionsAreGiven(@TempDir Path dir) throws Exception {
    Path labels = dir.resolve("labels.jsonl");
    Files.writeString(
        labels,
        "{\"session.id\":\"s1\",\"user.id\":\"u1\",\"population\":\"retail\",\"label\":\"benign\"}\n");
    Files.writeString(dir.resolve("commands.jsonl"), "");
    Files.writeString(
        dir.resolve("decisions.jsonl"),
        PlainJson.toJson(EvaluatorTest.decision("s1", 0.3, false)) + "\n");
    EvaluationReport r =
        Evaluation.run(labels, dir.resolve("commands.jsonl"), dir.resolve("decisions.jsonl"), dir);
    assertThat(r.calibration().sessions()).isEqualTo(1);
    assertThat(ImageIO.read(dir.resolve(ReportCharts.RELIABILITY).toFile()).getHeight())
        .isEqualTo(600);
    assertThat(ReportTable.render(r)).contains("ECE 0.3000");
  }

  @Test
  void namesTheFileAndLineOfABadCommand(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("commands.jsonl");
    SessionCommand ok = EvaluatorTest.command("s", CommandAction.KILL, "e", 1);
    Files.writeString(f, PlainJson.toJson(ok) + "\n\n{\"commandId\":\"x\"}\n");
    assertThatThrownBy(() -> EvaluationFiles.readCommands(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("SessionCommand.sessionId");
  }

  @Test
  void rejectsALabelsFileThatIsNotOne(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("labels.jsonl");
    Files.writeString(f, "{\"@timestamp\":\"2026-11-02T00:00:00.000Z\"}\n");
    assertThatThrownBy(() -> EvaluationFiles.readLabels(f))
        .hasMessageContaining("line 1")
        .hasMessageContaining("missing label");
    assertThatThrownBy(() -> EvaluationFiles.readLabels(dir.resolve("nope.jsonl")))
        .hasMessageContaining("does not exist");
  }
}
