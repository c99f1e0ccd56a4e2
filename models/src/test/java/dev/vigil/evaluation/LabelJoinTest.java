package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schema.RiskDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One labels reader for the simulator's and analysts' labels, and the join that keeps misses. */
class LabelJoinTest {
  @TempDir Path dir;

  private static final String SIMULATED =
      "{\"session.id\": \"s-1\", \"user.id\": \"u-1\", \"population\": \"retail\","
          + " \"label\": \"benign\"}";
  private static final String ANALYST_ON_SESSION =
      "{\"sessionId\": \"s-2\", \"decisionId\": null, \"verdict\": \"COMPROMISED\","
          + " \"analyst\": \"ana\", \"labelledAt\": 1764400000000, \"note\": \"fresh address\","
          + " \"scenario\": \"token_hijack\"}";
  private static final String ANALYST_ON_DECISION =
      "{\"decisionId\": \"d-9\", \"verdict\": \"abuse\", \"analyst\": \"bo\","
          + " \"labelledAt\": 1764400000000}";

  @Test
  void readsSimulatorAndAnalystLabelsFromOneFile() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("labels.jsonl"),
            String.join("\n", SIMULATED, ANALYST_ON_SESSION, ANALYST_ON_DECISION) + "\n");

    List<SessionLabel> labels = EvaluationFiles.readLabels(f);

    assertThat(labels).hasSize(3);
    assertThat(labels.get(0).benign()).isTrue();
    assertThat(labels.get(0).fromAnalyst()).isFalse();
    SessionLabel hijack = labels.get(1);
    assertThat(hijack.compromised()).isTrue();
    assertThat(hijack.label()).isEqualTo("token_hijack");
    assertThat(hijack.analyst()).isEqualTo("ana");
    assertThat(hijack.note()).isEqualTo("fresh address");
    SessionLabel abuse = labels.get(2);
    assertThat(abuse.abuse()).isTrue();
    assertThat(abuse.label()).isEqualTo("abuse");
    assertThat(abuse.sessionId()).isNull();
    assertThat(abuse.labelledId()).isEqualTo("d-9");
  }

  @Test
  void aBadAnalystLabelNamesTheLineAndTheFix() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("labels.jsonl"),
            SIMULATED
                + "\n{\"sessionId\": \"s-3\", \"verdict\": \"stolen\", \"analyst\": \"a\"}\n");
    assertThatThrownBy(() -> EvaluationFiles.readLabels(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("not one of compromised, benign, abuse");
    Path noId =
        Files.writeString(
            dir.resolve("noid.jsonl"), "{\"verdict\": \"benign\", \"analyst\": \"a\"}\n");
    assertThatThrownBy(() -> EvaluationFiles.readLabels(noId))
        .hasMessageContaining("needs a sessionId or a decisionId");
  }

  @Test
  void joinResolvesDecisionIdsAndReturnsTheIdsThatMatchNothing() {
    List<SessionLabel> labels =
        EvaluationFiles.parseLabels(
            String.join(
                "\n",
                SIMULATED,
                ANALYST_ON_SESSION,
                ANALYST_ON_DECISION,
                ANALYST_ON_SESSION.replace("s-2", "s-gone"),
                ANALYST_ON_DECISION.replace("d-9", "d-gone")));
    List<RiskDecision> decisions =
        List.of(decision("d-1", "s-1"), decision("d-2", "s-2"), decision("d-9", "s-7"));

    LabelJoin join = LabelJoin.toDecisions(labels, decisions);

    assertThat(join.matched())
        .extracting(SessionLabel::sessionId)
        .containsExactly("s-1", "s-2", "s-7");
    assertThat(join.matched().get(2).decisionId()).isEqualTo("d-9");
    assertThat(join.unmatched()).containsExactly("s-gone", "d-gone");
    assertThat(join.describeUnmatched()).isEqualTo("2 labels match no session: s-gone, d-gone");
  }

  @Test
  void longListsOfMissesAreCut() {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      lines.append(ANALYST_ON_SESSION.replace("s-2", "x-" + i)).append('\n');
    }
    LabelJoin join =
        LabelJoin.of(
            EvaluationFiles.parseLabels(lines.toString()), id -> false, java.util.Map.of());
    assertThat(join.describeUnmatched())
        .startsWith("12 labels match no session: x-0, x-1")
        .endsWith("x-9, ... (2 more)");
    assertThat(LabelJoin.of(List.of(), id -> true, java.util.Map.of()).describeUnmatched())
        .isNull();
  }

  @Test
  void evaluateReportsLabelsThatMatchNoDecision() throws Exception {
    Path labels =
        Files.writeString(
            dir.resolve("labels.jsonl"),
            String.join(
                    "\n",
                    SIMULATED,
                    SIMULATED.replace("s-1", "s-quiet"),
                    ANALYST_ON_SESSION.replace("s-2", "s-1"),
                    ANALYST_ON_SESSION,
                    ANALYST_ON_SESSION.replace("s-2", "s-a"),
                    ANALYST_ON_SESSION.replace("s-2", "s-b"),
                    ANALYST_ON_DECISION.replace("d-9", "d-c"))
                + "\n");
    Path commands = Files.writeString(dir.resolve("commands.jsonl"), "");
    Path decisions =
        Files.writeString(
            dir.resolve("decisions.jsonl"),
            dev.vigil.schema.PlainJson.toJson(decision("d-1", "s-1"))
                + "\n"
                + dev.vigil.schema.PlainJson.toJson(decision("d-2", "s-2"))
                + "\n");

    EvaluationReport r = Evaluation.run(labels, commands, decisions, dir);

    assertThat(r.unmatchedLabels()).containsExactly("s-a", "s-b", "d-c");
    // The simulator's s-quiet has no decision (nothing moved) and is kept: its labels cover the
    // whole world; analysts' labels must be found among the decisions.
    // An analyst's verdict on s-1 does not replace the simulator's label, which knows more.
    assertThat(r.labelledSessions()).isEqualTo(3);
    assertThat(r.benignByPopulation()).extracting(FalseActionMetrics::sessions).contains(2);
    assertThat(ReportTable.render(r)).contains("3 labels match no session: s-a, s-b, d-c");
  }

  static RiskDecision decision(String id, String session) {
    return RiskDecision.newBuilder()
        .setDecisionId(id)
        .setSessionId(session)
        .setAccountId("a")
        .setEventId("e-" + id)
        .setEventTime(1L)
        .setDecidedAt(2L)
        .setPreviousProbability(0.01)
        .setProbability(0.02)
        .setModelVersion("m")
        .build();
  }
}
