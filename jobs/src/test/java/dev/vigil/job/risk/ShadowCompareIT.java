package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.cli.VigilCli;
import dev.vigil.evaluation.LiveComparison;
import dev.vigil.evaluation.LiveComparisonTable;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.schema.RiskDecision;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import dev.vigil.testing.KafkaTestSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil compare -b} on a live run: the job scores a simulated file with the default model
 * (champion) and a challenger published to the shadow slot, and the table compare prints from the
 * audit topic is the one a backtest of each model on the same file gives (same per-session maximum
 * probabilities, actions and command counts).
 */
class ShadowCompareIT extends RiskJobITSupport {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void compareOnTheAuditTopicShowsWhatABacktestOfEachModelGives() throws Exception {
    Path sim = dir.resolve("shadow-sim");
    Simulator.generate(
        new SimulationConfig(
                30,
                Duration.ofHours(1).toMillis(),
                5,
                SimulationConfig.DEFAULT_START,
                ScenarioMix.parse(dev.vigil.cli.DemoCommand.MIX, "demo mix"))
            .withWarmup(Duration.ofDays(1).toMillis(), Duration.ofHours(1).toMillis()),
        sim);
    Path events = sim.resolve("events.jsonl");
    // A last request of a session of its own: the completion signal (its records, champion's and
    // challenger's, are written with those of every request before it or after them).
    String last = lastLine(events);
    ObjectNode sentinel = (ObjectNode) JSON.readTree(last);
    sentinel.put("event.id", "sentinel-event").put("session.id", "sentinel");
    sentinel.put("user.id", "sentinel-user");
    Files.writeString(events, JSON.writeValueAsString(sentinel) + "\n", StandardOpenOption.APPEND);

    JobConfig cfg =
        config(
            "sc",
            "inputs.avro=false",
            "risk.audit-min-probability-change=0",
            "models.allow-unsigned=true");
    byte[] champion = JobSettings.initialModel(cfg);
    byte[] challenger = challenger(champion);
    List<RiskDecision> expectedChampion = backtest(cfg, events, champion);
    List<RiskDecision> expectedChallenger = backtest(cfg, events, challenger);
    assertThat(expectedChampion).anyMatch(d -> d.getEventId().equals("sentinel-event"));
    assertThat(expectedChallenger).anyMatch(d -> d.getEventId().equals("sentinel-event"));

    JobClient job = start(cfg);
    try {
      KafkaTestSupport.sendAllKeyed(KAFKA.clientProperties(), "sc.models", "shadow", challenger);
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  decisions("sc").stream().anyMatch(d -> d.getSessionId().equals("model:shadow")));
      sendLines("sc.access-logs", events);
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () -> {
                List<RiskDecision> audit = decisions("sc");
                return audit.stream()
                        .anyMatch(d -> d.getEventId().equals("sentinel-event") && !d.getShadow())
                    && audit.stream()
                        .anyMatch(d -> d.getEventId().equals("sentinel-event") && d.getShadow());
              });
    } finally {
      job.cancel().get(60, TimeUnit.SECONDS);
    }

    Path json = dir.resolve("shadow-compare.json");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        VigilCli.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "compare",
            "-b",
            KAFKA.bootstrapServers(),
            "--topic",
            "sc.risk-decisions",
            "--json",
            json.toString());
    assertThat(code).as(err.toString()).isZero();

    List<RiskDecision> both = new ArrayList<>(expectedChampion);
    for (RiskDecision d : expectedChallenger) {
      both.add(RiskDecision.newBuilder(d).setShadow(true).build());
    }
    LiveComparison.Result expected = LiveComparison.of(both, List.of());
    assertThat(maxima(json, "champion")).isEqualTo(maxima(expected.champion()));
    assertThat(maxima(json, "challenger")).isEqualTo(maxima(expected.challenger()));
    assertThat(out.toString())
        .isEqualTo(LiveComparisonTable.render(expected) + "json: " + json + "\n");
    // Seeded: the figures themselves (the challenger kills one session more; the champion killed
    // 1 before this version's engine and account response).
    assertThat(out.toString())
        .contains("93 sessions in the audit, no labels.")
        .containsPattern("sessions killed +2 +3 +\\+1");
  }

  private static List<RiskDecision> backtest(JobConfig cfg, Path events, byte[] model)
      throws Exception {
    StreamExecutionEnvironment batch = StreamExecutionEnvironment.getExecutionEnvironment();
    batch.setParallelism(1);
    return Backtest.run(
            batch, events, model, JobSettings.ingest(cfg), JobSettings.risk(cfg).withoutCaep())
        .decisions();
  }

  /** The default model with a five times higher prior and lower thresholds: it moves earlier. */
  private static byte[] challenger(byte[] champion) throws Exception {
    ObjectNode m = (ObjectNode) JSON.readTree(champion);
    m.put("modelVersion", "challenger-1");
    ((ObjectNode) m.get("filter")).put("priorProbability", 0.0005);
    ((ObjectNode) m.get("policy"))
        .put("stepUpEnter", 0.05)
        .put("stepUpExit", 0.02)
        .put("killEnter", 0.8);
    return JSON.writeValueAsBytes(m);
  }

  private static Map<String, Double> maxima(LiveComparison.Side side) {
    Map<String, Double> out = new TreeMap<>();
    side.sessions().forEach((s, v) -> out.put(s, v.maxProbability()));
    return out;
  }

  private static Map<String, Double> maxima(Path json, String side) throws Exception {
    Map<String, Double> out = new TreeMap<>();
    JSON.readTree(json.toFile())
        .get("sessions")
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().get(side).isNull()) {
                out.put(e.getKey(), e.getValue().get(side).get("maxProbability").asDouble());
              }
            });
    return out;
  }

  private static String lastLine(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return lines.get(lines.size() - 1);
  }
}
