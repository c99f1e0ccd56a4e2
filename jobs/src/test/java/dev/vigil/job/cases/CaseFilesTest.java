package dev.vigil.job.cases;

import static dev.vigil.job.cases.CaseFunctionTest.decision;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.job.config.JobConfig;
import dev.vigil.schema.CaseGrouping;
import dev.vigil.schema.CaseStatus;
import dev.vigil.schema.PlainJson;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SecurityCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseFilesTest {
  private static final long T0 = 1_700_000_000_000L;

  @Test
  void aBacktestsDecisionsBecomeCasesAndFindingsFilesInEventTimeOrder(@TempDir Path dir)
      throws Exception {
    RiskDecision shadow = decision("e0", "acct-1", "s1", T0, 0.99, "e0:kill");
    shadow.setShadow(true);
    List<RiskDecision> decisions =
        List.of(
            // Out of order, as subtasks hand them over: sorted by event time first.
            decision("e2", "acct-1", "s1", T0 + 60_000, 0.97, "e2:kill"),
            decision("e1", "acct-1", "s1", T0, 0.8, "e1:step_up"),
            decision("f1", "acct-2", "s9", T0, 0.1),
            shadow);

    CaseFiles.Result r =
        CaseFiles.assemble(decisions, CaseStageSettings.from(JobConfig.defaults()));
    CaseFiles.write(r, dir.resolve("cases.jsonl"), dir.resolve("findings.jsonl"));

    List<String> caseLines = Files.readAllLines(dir.resolve("cases.jsonl"));
    List<SecurityCase> cases =
        caseLines.stream().map(l -> PlainJson.fromJson(l, SecurityCase.class)).toList();
    assertThat(cases).extracting(SecurityCase::getRevision).containsExactly(1L, 2L, 3L);
    assertThat(cases.get(1).getTimeline())
        .extracting(e -> e.getDecisionId())
        .containsExactly("e1:active", "e2:active");
    assertThat(cases.get(2).getStatus()).isEqualTo(CaseStatus.CLOSED);

    List<String> findings = Files.readAllLines(dir.resolve("findings.jsonl"));
    ObjectMapper json = new ObjectMapper();
    assertThat(findings)
        .extracting(l -> json.readTree(l).at("/finding_info/uid").asText())
        .containsExactly(
            cases.get(0).getCaseId(),
            cases.get(0).getCaseId(),
            "e2:active:kill",
            cases.get(0).getCaseId());
  }

  @Test
  void decisionsOfTwoAccountsFromOneNetworkAlsoMakeANetworkCase() {
    RiskDecision a = decision("e1", "acct-1", "s1", T0, 0.8, "e1:step_up");
    RiskDecision b = decision("e2", "acct-2", "s2", T0 + 60_000, 0.9, "e2:step_up");
    RiskDecision c = decision("e3", "acct-3", "s3", T0 + 60_000, 0.9, "e3:step_up");
    List<CaseOrigin> origins =
        List.of(
            new CaseOrigin(a, CaseGrouping.NETWORK, "203.0.113.0/24"),
            new CaseOrigin(b, CaseGrouping.NETWORK, "203.0.113.0/24"),
            new CaseOrigin(c, CaseGrouping.NETWORK, "198.51.100.0/24"));

    CaseFiles.Result r =
        CaseFiles.assemble(List.of(a, b, c), origins, CaseStageSettings.from(JobConfig.defaults()));

    List<SecurityCase> network =
        r.cases().stream().filter(x -> x.getGroupedBy() == CaseGrouping.NETWORK).toList();
    assertThat(network).extracting(SecurityCase::getGroupKey).containsOnly("203.0.113.0/24");
    assertThat(network)
        .extracting(SecurityCase::getStatus)
        .containsExactly(CaseStatus.OPEN, CaseStatus.CLOSED);
    assertThat(network.get(0).getAccounts()).containsExactly("acct-1", "acct-2");
    assertThat(r.cases().stream().filter(x -> x.getGroupedBy() == CaseGrouping.ACCOUNT))
        .hasSize(6); // three account cases, each opened and closed
  }
}
