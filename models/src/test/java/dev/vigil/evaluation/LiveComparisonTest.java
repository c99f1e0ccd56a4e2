package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schema.RiskDecision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Champion and challenger from audit records: three sessions, the challenger kills the attacked one
 * the champion only stepped up, and steps up a benign one the champion left alone.
 */
class LiveComparisonTest {
  private static int ids;

  static RiskDecision d(String session, boolean shadow, double p, String... commands) {
    int n = ids++;
    return RiskDecision.newBuilder()
        .setDecisionId("d" + n)
        .setSessionId(session)
        .setAccountId("acct-" + session)
        .setEventId("e" + n)
        .setEventTime(1_000L * n)
        .setDecidedAt(1_000L * n)
        .setPreviousProbability(0.0001)
        .setProbability(p)
        .setCommandIds(List.of(commands))
        .setModelVersion(shadow ? "challenger" : "champion")
        .setShadow(shadow)
        .build();
  }

  static List<RiskDecision> audit() {
    List<RiskDecision> a = new ArrayList<>();
    a.add(d("model:shadow", false, 0));
    a.add(d("attacked", false, 0.3, "e0:step_up"));
    a.add(d("attacked", false, 0.6));
    a.add(d("attacked", true, 0.5, "e0:step_up"));
    a.add(d("attacked", true, 0.97, "e2:kill"));
    a.add(d("owner", false, 0.01));
    a.add(d("owner", true, 0.12, "e5:step_up"));
    a.add(d("quiet", false, 0.002));
    a.add(d("quiet", true, 0.003));
    return a;
  }

  static List<SessionLabel> labels() {
    return EvaluationFiles.parseLabels(
        "{\"sessionId\":\"attacked\",\"verdict\":\"COMPROMISED\",\"analyst\":\"ana\"}\n"
            + "{\"sessionId\":\"owner\",\"verdict\":\"BENIGN\",\"analyst\":\"ana\"}\n"
            + "{\"sessionId\":\"quiet\",\"verdict\":\"BENIGN\",\"analyst\":\"ana\"}\n"
            + "{\"sessionId\":\"nobody\",\"verdict\":\"BENIGN\",\"analyst\":\"ana\"}\n");
  }

  @Test
  void eachModelsSessionMaximaActionsAndTheSessionsWhereTheyDiffer() {
    LiveComparison.Result r = LiveComparison.of(audit(), List.of());

    assertThat(r.sessions()).containsExactly("attacked", "owner", "quiet");
    assertThat(r.champion().view("attacked").maxProbability()).isEqualTo(0.6);
    assertThat(r.challenger().view("attacked").maxProbability()).isEqualTo(0.97);
    assertThat(r.challenger().view("attacked").actions())
        .containsExactlyInAnyOrder("STEP_UP", "KILL");
    assertThat(r.disagreeing()).containsExactly("attacked", "owner");
    assertThat(r.champion().commandsByAction())
        .containsEntry("STEP_UP", 1)
        .containsEntry("KILL", 0);
    assertThat(r.challenger().commandsByAction())
        .containsEntry("STEP_UP", 2)
        .containsEntry("KILL", 1);
    assertThat(r.champion().records()).isEqualTo(4);
    assertThat(r.challenger().records()).isEqualTo(4);
    String table = LiveComparisonTable.render(r);
    assertThat(table)
        .startsWith(
            "A = champion (active, champion), B = challenger (shadow, challenger); 3 sessions in"
                + " the audit, no labels.\n")
        .containsPattern("mean session max P +0\\.2040 +0\\.3643 +\\+0\\.1603")
        .containsPattern("sessions killed +0 +1 +\\+1")
        .containsPattern("sessions whose actions differ +2 +- +-")
        .containsPattern("sessions disrupted by B only +1 +-")
        .contains(
            "  attacked                                 STEP_UP max P 0.6000 | KILL+STEP_UP max P 0.9700\n")
        .doesNotContain("labelled");
  }

  @Test
  void withLabelsItCountsActedOnAndFalseActionsAndRanksTheMaxima() {
    LiveComparison.Result r = LiveComparison.of(audit(), labels());

    assertThat(r.championLabelled().compromisedActedOn()).isEqualTo(1);
    assertThat(r.challengerLabelled().benignSteppedUpOrHeld()).isEqualTo(1);
    assertThat(r.championLabelled().ranking().rocAuc()).isEqualTo(1.0);
    // Champion: bins 0 (0.01, 0.002: benign) and 6 (0.6: compromised): (2*0.006 + 0.4) / 3.
    assertThat(r.championLabelled().calibrationError())
        .isCloseTo(0.1373, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(LiveComparisonTable.render(r))
        .containsPattern("compromised \\(1\\) acted on +100\\.00% +100\\.00% +0\\.00 pp")
        .containsPattern("benign \\(2\\) stepped up or held +0 +1 +\\+1")
        .contains("1 label matches no session: nobody in the audit records; left out");
  }

  @Test
  void anAuditWithoutShadowRecordsNamesTheFix() {
    List<RiskDecision> championOnly = audit().stream().filter(d -> !d.getShadow()).toList();
    assertThatThrownBy(() -> LiveComparison.of(championOnly, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no shadow (challenger) decision among the 4 audit records")
        .hasMessageContaining("vigil publish-model --shadow");
  }

  @Test
  void labelsOfAnotherRunAreAnError() {
    List<SessionLabel> other =
        EvaluationFiles.parseLabels(
            "{\"sessionId\":\"elsewhere\",\"verdict\":\"BENIGN\",\"analyst\":\"ana\"}\n");
    assertThatThrownBy(() -> LiveComparison.of(audit(), other))
        .hasMessageContaining("none of the 1 labels names a session or decision");
  }
}
