package dev.vigil.job.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.cases.CaseSettings;
import dev.vigil.schema.CaseStatus;
import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SecurityCase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The case operator on Flink's keyed operator test harness. */
class CaseFunctionTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final long MIN = 60_000L;
  private static final CaseSettings SETTINGS =
      CaseSettings.DEFAULTS.withQuiet(Duration.ofMinutes(10));

  @Test
  void anAccountsDecisionsBecomeOneCaseWhoseFindingsFollowEachRevisionAndEachKill()
      throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement(decision("e1", "acct-1", "s1", T0, 0.6), T0);
      h.processElement(decision("e2", "acct-1", "s1", T0 + MIN, 0.8, "e2:step_up"), T0 + MIN);
      h.processElement(decision("e3", "acct-1", "s2", T0 + 2 * MIN, 0.97, "e3:kill"), T0 + 2 * MIN);

      List<SecurityCase> cases = cases(h);
      assertThat(cases).extracting(SecurityCase::getRevision).containsExactly(1L, 2L, 3L);
      assertThat(cases).extracting(SecurityCase::getCaseId).containsOnly(cases.get(0).getCaseId());
      assertThat(cases.get(2).getSessions()).containsExactly("s1", "s2");

      List<JsonNode> findings = findings(h);
      assertThat(findings)
          .extracting(f -> f.at("/finding_info/uid").asText())
          .containsExactly(
              cases.get(0).getCaseId(),
              cases.get(0).getCaseId(),
              cases.get(0).getCaseId(),
              "e3:active:kill");
      assertThat(findings)
          .extracting(f -> f.get("type_uid").asInt())
          .containsExactly(200401, 200402, 200402, 200401);
      assertThat(findings.get(3).at("/metadata/correlation_uid").asText())
          .isEqualTo(cases.get(0).getCaseId());
      assertThat(h.numKeyedStateEntries()).isEqualTo(1);
      assertThat(h.numEventTimeTimers()).isEqualTo(1);
    }
  }

  @Test
  void theQuietPeriodClosesTheCaseAndLeavesNoStateOrTimer() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement(decision("e1", "acct-1", "s1", T0, 0.8, "e1:step_up"), T0);
      h.processElement(decision("e2", "acct-1", "s1", T0 + 5 * MIN, 0.7), T0 + 5 * MIN);
      h.processWatermark(new Watermark(T0 + 15 * MIN - 1));
      assertThat(cases(h)).hasSize(2);

      h.processWatermark(new Watermark(T0 + 15 * MIN));
      List<SecurityCase> cases = cases(h);
      assertThat(cases).hasSize(3);
      SecurityCase closed = cases.get(2);
      assertThat(closed.getStatus()).isEqualTo(CaseStatus.CLOSED);
      assertThat(closed.getRevision()).isEqualTo(3);
      assertThat(closed.getUpdatedAt()).isEqualTo(T0 + 15 * MIN);
      assertThat(findings(h).get(2).get("activity_id").asInt()).isEqualTo(3);
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void aRestoredOperatorContinuesTheOpenCaseAndClosesItOnTime() throws Exception {
    OperatorSubtaskState checkpoint;
    String caseId;
    try (var before = harness()) {
      before.open();
      before.processElement(decision("e1", "acct-1", "s1", T0, 0.8, "e1:step_up"), T0);
      caseId = cases(before).get(0).getCaseId();
      checkpoint = before.snapshot(1, 1);
    }
    try (var after = harness()) {
      after.initializeState(checkpoint);
      after.open();
      after.processElement(decision("e2", "acct-1", "s2", T0 + MIN, 0.9, "e2:kill"), T0 + MIN);
      after.processWatermark(new Watermark(T0 + 11 * MIN));

      List<SecurityCase> cases = cases(after);
      assertThat(cases).extracting(SecurityCase::getCaseId).containsOnly(caseId);
      assertThat(cases).extracting(SecurityCase::getRevision).containsExactly(2L, 3L);
      assertThat(cases.get(1).getStatus()).isEqualTo(CaseStatus.CLOSED);
      assertThat(cases.get(1).getSessions()).containsExactly("s1", "s2");
      assertThat(after.numKeyedStateEntries()).isZero();
      assertThat(after.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void shadowAndLowRiskDecisionsTouchNoState() throws Exception {
    try (var h = harness()) {
      h.open();
      RiskDecision shadow = decision("e1", "acct-1", "s1", T0, 0.99, "e1:kill");
      shadow.setShadow(true);
      h.processElement(shadow, T0);
      h.processElement(decision("e2", "acct-1", "s1", T0, 0.2), T0);
      assertThat(h.getOutput()).isEmpty();
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, RiskDecision, SecurityCase>
      harness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new CaseFunction(SETTINGS, "Example Exchange")),
        RiskDecision::getAccountId,
        Types.STRING);
  }

  static RiskDecision decision(
      String event, String account, String session, long time, double p, String... commandIds) {
    return RiskDecision.newBuilder()
        .setDecisionId(event + ":active")
        .setSessionId(session)
        .setAccountId(account)
        .setEventId(event)
        .setEventTime(time)
        .setDecidedAt(time)
        .setPreviousProbability(0.1)
        .setProbability(p)
        .setEvidence(
            List.of(
                Reason.newBuilder()
                    .setCode("new_network")
                    .setLogLikelihoodRatio(2.0)
                    .setText("a network the account never used")
                    .setValues(Map.of())
                    .build()))
        .setCommandIds(List.of(commandIds))
        .setModelVersion("test")
        .build();
  }

  private static List<SecurityCase> cases(
      KeyedOneInputStreamOperatorTestHarness<String, RiskDecision, SecurityCase> h) {
    List<SecurityCase> out = new ArrayList<>();
    for (Object o : h.getOutput()) {
      if (o instanceof StreamRecord<?> r) {
        out.add((SecurityCase) r.getValue());
      }
    }
    return out;
  }

  private static List<JsonNode> findings(
      KeyedOneInputStreamOperatorTestHarness<String, RiskDecision, SecurityCase> h)
      throws Exception {
    List<JsonNode> out = new ArrayList<>();
    var records = h.getSideOutput(CaseFunction.FINDINGS);
    if (records == null) {
      return out;
    }
    for (StreamRecord<Tuple2<String, String>> r : records) {
      JsonNode f = new ObjectMapper().readTree(r.getValue().f1);
      assertThat(r.getValue().f0).isEqualTo(f.at("/finding_info/uid").asText());
      out.add(f);
    }
    return out;
  }
}
