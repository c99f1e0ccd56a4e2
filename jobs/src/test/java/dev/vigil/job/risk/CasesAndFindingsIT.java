package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.job.cases.CaseFiles;
import dev.vigil.job.cases.CaseStageSettings;
import dev.vigil.job.config.JobConfig;
import dev.vigil.schema.CaseStatus;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SecurityCase;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * The case stage in the streaming job on the real broker and a MiniCluster: the demo's attack mix
 * streamed through the job, whose cases on the cases topic are those {@code vigil score} assembles
 * from the same decisions (CaseFiles), and whose findings topic holds one OCSF Detection Finding
 * per case revision and one per kill.
 */
class CasesAndFindingsIT extends RiskJobITSupport {
  @Test
  void theJobsCasesAreTheBacktestsAndEveryRevisionAndKillHasAnOcsfFinding() throws Exception {
    Path sim = dir.resolve("cases-sim");
    Simulator.generate(
        new SimulationConfig(
                60,
                Duration.ofHours(1).toMillis(),
                11,
                SimulationConfig.DEFAULT_START,
                ScenarioMix.parse(dev.vigil.cli.DemoCommand.MIX, "demo mix"))
            .withWarmup(Duration.ofDays(2).toMillis(), Duration.ofHours(2).toMillis()),
        sim);
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      List<NewTopic> topics =
          List.of(
              new NewTopic("cases.cases", 1, (short) 1),
              new NewTopic("cases.findings", 1, (short) 1));
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }
    JobConfig cfg =
        config(
            "cases",
            "inputs.avro=false",
            "topics.cases=cases.cases",
            "topics.findings=cases.findings",
            "cases.enabled=true");

    streamMatchingBacktest(cfg, "cases", sim.resolve("events.jsonl"));

    List<RiskDecision> decisions = decisions("cases");
    List<SecurityCase> cases =
        read("cases.cases", v -> decode(() -> SecurityCase.getDecoder().decode(v)));
    List<JsonNode> findings =
        read(
            "cases.findings",
            v -> decode(() -> JSON.readTree(new String(v, StandardCharsets.UTF_8))));
    CaseFiles.Result expected = CaseFiles.assemble(decisions, CaseStageSettings.from(cfg));

    assertThat(cases).isNotEmpty();
    // The job closes a case when the watermark passes its quiet period; the backtest also closes
    // every case at the end of the file. So: nothing the backtest lacks, every open revision.
    Set<String> streamed = revisions(cases);
    assertThat(revisions(expected.cases())).containsAll(streamed);
    assertThat(streamed)
        .containsAll(
            revisions(
                expected.cases().stream().filter(c -> c.getStatus() == CaseStatus.OPEN).toList()));
    // Revisions of a case count up from 1 without gaps.
    Map<String, List<Long>> byCase = new TreeMap<>();
    for (SecurityCase c : cases) {
      byCase.computeIfAbsent(c.getCaseId(), k -> new java.util.ArrayList<>()).add(c.getRevision());
    }
    byCase.values().forEach(r -> assertThat(r).isSorted().startsWith(1L).doesNotHaveDuplicates());
    byCase.values().forEach(r -> assertThat(r.get(r.size() - 1)).isEqualTo((long) r.size()));

    Set<String> caseFindings = new HashSet<>();
    Set<String> killFindings = new HashSet<>();
    for (JsonNode f : findings) {
      assertThat(f.get("class_uid").asInt()).isEqualTo(2004);
      String uid = f.at("/finding_info/uid").asText();
      if (uid.endsWith(":kill")) {
        killFindings.add(uid);
      } else {
        caseFindings.add(f.at("/metadata/uid").asText());
      }
    }
    assertThat(caseFindings)
        .isEqualTo(
            cases.stream()
                .map(c -> c.getCaseId() + ":r" + c.getRevision())
                .collect(Collectors.toSet()));
    Set<String> kills =
        decisions.stream()
            .filter(
                d ->
                    !d.getShadow() && d.getCommandIds().stream().anyMatch(i -> i.endsWith(":kill")))
            .map(d -> d.getDecisionId() + ":kill")
            .collect(Collectors.toSet());
    assertThat(kills).isNotEmpty();
    assertThat(killFindings).isEqualTo(kills);
  }

  private static Set<String> revisions(List<SecurityCase> cases) {
    return cases.stream()
        .map(c -> c.getCaseId() + ":r" + c.getRevision() + ":" + c.getStatus())
        .collect(Collectors.toSet());
  }
}
