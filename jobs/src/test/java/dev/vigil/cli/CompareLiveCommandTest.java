package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.PlainJson;
import dev.vigil.schema.RiskDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil compare --decisions}: champion and challenger from a run's audit records as JSON
 * lines (an export's header line skipped); the job-level run is ShadowCompareIT.
 */
class CompareLiveCommandTest {
  @TempDir Path dir;

  static String line(String id, String session, boolean shadow, double p, String... commands) {
    return PlainJson.toJson(
        RiskDecision.newBuilder()
            .setDecisionId(id)
            .setSessionId(session)
            .setAccountId("acct")
            .setEventId(id)
            .setEventTime(1L)
            .setDecidedAt(1L)
            .setPreviousProbability(0.0001)
            .setProbability(p)
            .setCommandIds(List.of(commands))
            .setModelVersion(shadow ? "challenger-1" : "vigil-default-7")
            .setShadow(shadow)
            .build());
  }

  @Test
  void readsAnAuditExportAndPrintsBothModelsSideBySide() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    Files.writeString(
        file,
        "{\"vigilAuditExport\": 1, \"partitions\": []}\n"
            + line("e1", "s1", false, 0.2, "e1:step_up")
            + "\n"
            + line("e1s", "s1", true, 0.96, "e1:kill")
            + "\n"
            + line("e2", "s2", false, 0.001)
            + "\n"
            + line("e2s", "s2", true, 0.002)
            + "\n");
    Path out = dir.resolve("out");
    CliRun r = CliRun.of("compare", "--decisions", file.toString(), "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith(
            "A = champion (active, vigil-default-7), B = challenger (shadow, challenger-1); 2"
                + " sessions in the audit, no labels.")
        .containsPattern("sessions killed +0 +1 +\\+1")
        .containsPattern("sessions whose actions differ +1 +- +-")
        .contains("s1 ", "STEP_UP max P 0.2000 | KILL max P 0.9600");
    assertThat(Files.readString(out.resolve("comparison.csv")))
        .contains("actions,\"sessions killed\",0.0,1.0,1.0");
    assertThat(Files.readString(out.resolve("comparison.json")))
        .contains("\"maxProbability\" : 0.96");
  }

  @Test
  void anAuditWithoutAChallengerSaysHowToGetOne() throws Exception {
    Path file = dir.resolve("champion-only.jsonl");
    Files.writeString(file, line("e1", "s1", false, 0.2) + "\n");
    CliRun r = CliRun.of("compare", "--decisions", file.toString());
    assertThat(r.exitCode()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(r.err())
        .contains("no shadow (challenger) decision among the 1 audit records")
        .contains("vigil publish-model --shadow")
        .doesNotContain("at dev.vigil");
  }

  @Test
  void liveAndBacktestOptionsTogetherAreAUsageError() {
    CliRun r =
        CliRun.of("compare", "--decisions", "audit.jsonl", "--model", "default", "--model", "x");
    assertThat(r.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(r.err()).contains("give one or the other");
    CliRun both = CliRun.of("compare", "--decisions", "audit.jsonl", "-b", "localhost:1");
    assertThat(both.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(both.err()).contains("--decisions FILE or -b BROKER");
  }

  @Test
  void aMissingDecisionsFileIsNamed() {
    CliRun r = CliRun.of("compare", "--decisions", dir.resolve("nope.jsonl").toString());
    assertThat(r.exitCode()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(r.err()).contains("nope.jsonl does not exist; check --decisions");
  }
}
