package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.job.cases.CaseFiles;
import dev.vigil.job.cases.CaseOrigin;
import dev.vigil.job.cases.CaseStageSettings;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.schema.CaseGrouping;
import dev.vigil.schema.CaseStatus;
import dev.vigil.schema.PlainJson;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SecurityCase;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * The case stage in the streaming job on the real broker and a MiniCluster: the demo's attack mix
 * streamed through the job, whose cases on the cases topic are those {@code vigil score} assembles
 * from the same decisions (CaseFiles), and whose findings topic holds one OCSF Detection Finding
 * per case revision and one per kill. The cases include cross-account ones (a network shared by
 * decisions of two or more accounts), whose keys never appear in the audit records.
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
    behindOneNetwork(sim);
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
    // The audit records carry no network or address: vigil score takes them from its own run.
    List<CaseOrigin> origins =
        FileBacktest.run(
                sim.resolve("events.jsonl"),
                JobSettings.initialModel(cfg),
                JobSettings.ingest(cfg),
                JobSettings.risk(cfg).withoutCaep(),
                1,
                cfg.integer("max-parallelism", 1, 32768),
                1,
                new Backtest.Progress(),
                () -> false)
            .outputs()
            .caseOrigins();
    CaseFiles.Result expected = CaseFiles.assemble(decisions, origins, CaseStageSettings.from(cfg));

    assertThat(cases).isNotEmpty();
    // The attackers share one network (behindOneNetwork): a case across their accounts.
    assertThat(cases)
        .filteredOn(c -> c.getGroupedBy() == CaseGrouping.NETWORK)
        .isNotEmpty()
        .allMatch(c -> c.getAccounts().size() + c.getAccountsOmitted() >= 2)
        .allMatch(c -> c.getGroupKey().endsWith("/24") || c.getGroupKey().endsWith("/48"))
        .anyMatch(c -> c.getGroupKey().equals("198.51.100.0/24"));
    assertThat(decisions)
        .as("no network reaches an audit record")
        .noneMatch(
            d ->
                cases.stream()
                    .filter(c -> c.getGroupedBy() == CaseGrouping.NETWORK)
                    .anyMatch(c -> PlainJson.toJson(d).contains(c.getGroupKey())));
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

  /**
   * The attackers' requests rewritten to come from one /24 (198.51.100.0/24, a proxy they share),
   * the rest of each line unchanged: a network that decisions of several accounts share.
   */
  private static void behindOneNetwork(Path sim) throws java.io.IOException {
    Set<String> attacker = new HashSet<>();
    for (String l : Files.readAllLines(sim.resolve("labels.jsonl"))) {
      if (!l.isBlank()) {
        JSON.readTree(l).path("attacker_event_ids").forEach(id -> attacker.add(id.asText()));
      }
    }
    Pattern id = Pattern.compile("\"event\\.id\":\"([^\"]+)\"");
    Pattern ip = Pattern.compile("\"source\\.ip\":\"[^\"]+\"");
    Path events = sim.resolve("events.jsonl");
    List<String> lines = new java.util.ArrayList<>();
    int n = 0;
    for (String l : Files.readAllLines(events)) {
      Matcher m = id.matcher(l);
      if (m.find() && attacker.contains(m.group(1))) {
        l = ip.matcher(l).replaceFirst("\"source.ip\":\"198.51.100." + (1 + n++ % 250) + "\"");
      }
      lines.add(l);
    }
    assertThat(n).isPositive();
    Files.write(events, lines);
  }

  private static Set<String> revisions(List<SecurityCase> cases) {
    return cases.stream()
        .map(c -> c.getCaseId() + ":r" + c.getRevision() + ":" + c.getStatus())
        .collect(Collectors.toSet());
  }
}
