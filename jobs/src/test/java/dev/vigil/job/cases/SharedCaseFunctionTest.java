package dev.vigil.job.cases;

import static dev.vigil.job.cases.CaseFunctionTest.decision;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cases.CaseSettings;
import dev.vigil.schema.CaseGrouping;
import dev.vigil.schema.CaseStatus;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SecurityCase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The cross-account case operator (network, withdrawal address) on the keyed test harness. */
class SharedCaseFunctionTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final long MIN = 60_000L;
  private static final String NET = "203.0.113.0/24";
  private static final CaseSettings SETTINGS =
      CaseSettings.DEFAULTS.withQuiet(Duration.ofMinutes(10));

  @Test
  void twoAccountsDecisionsFromOneNetworkBecomeOneNetworkCaseThatClosesWithoutLeftovers()
      throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement(network(decision("e1", "acct-1", "s1", T0, 0.8, "e1:step_up")), T0);
      assertThat(cases(h)).isEmpty(); // one account: held, not a case yet
      h.processElement(
          network(decision("e2", "acct-2", "s2", T0 + MIN, 0.97, "e2:kill")), T0 + MIN);

      List<SecurityCase> cases = cases(h);
      assertThat(cases).hasSize(1);
      SecurityCase c = cases.get(0);
      assertThat(c.getGroupedBy()).isEqualTo(CaseGrouping.NETWORK);
      assertThat(c.getGroupKey()).isEqualTo(NET);
      assertThat(c.getRevision()).isEqualTo(1);
      assertThat(c.getAccounts()).containsExactly("acct-1", "acct-2");
      assertThat(c.getSessions()).containsExactly("s1", "s2");
      assertThat(c.getTimeline()).hasSize(2);
      assertThat(h.getSideOutput(CaseFunction.FINDINGS)).hasSize(1); // no kill finding here
      assertThat(h.numKeyedStateEntries()).isEqualTo(1);
      assertThat(h.numEventTimeTimers()).isEqualTo(1);

      h.processWatermark(new Watermark(T0 + 11 * MIN));
      cases = cases(h);
      assertThat(cases).hasSize(2);
      assertThat(cases.get(1).getStatus()).isEqualTo(CaseStatus.CLOSED);
      assertThat(cases.get(1).getCaseId()).isEqualTo(c.getCaseId());
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void oneAccountAloneOnANetworkMakesNoCaseAndLeavesNoStateOrTimer() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement(network(decision("e1", "acct-1", "s1", T0, 0.8, "e1:step_up")), T0);
      h.processElement(
          network(decision("e2", "acct-1", "s2", T0 + MIN, 0.97, "e2:kill")), T0 + MIN);
      assertThat(h.numKeyedStateEntries()).isEqualTo(1);
      h.processWatermark(new Watermark(T0 + 11 * MIN));
      assertThat(h.getOutput()).noneMatch(o -> o instanceof StreamRecord<?>);
      assertThat(h.getSideOutput(CaseFunction.FINDINGS)).isNull();
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void aNetworkAndAnAddressWithTheSameTextAreDifferentCases() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement(network(decision("e1", "acct-1", "s1", T0, 0.8, "e1:step_up")), T0);
      h.processElement(
          new CaseOrigin(
              decision("e2", "acct-2", "s2", T0, 0.8, "e2:step_up"),
              CaseGrouping.WITHDRAWAL_ADDRESS,
              NET),
          T0);
      assertThat(cases(h)).isEmpty();
      assertThat(h.numKeyedStateEntries()).isEqualTo(2);
    }
  }

  @Test
  void aDecisionAfterTheQuietPeriodButBeforeTheWatermarkStartsANewCase() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement(network(decision("e1", "acct-1", "s1", T0, 0.8, "e1:step_up")), T0);
      h.processElement(network(decision("e2", "acct-2", "s2", T0, 0.8, "e2:step_up")), T0);
      long later = T0 + 20 * MIN;
      h.processElement(network(decision("e3", "acct-3", "s3", later, 0.8, "e3:step_up")), later);
      h.processElement(network(decision("e4", "acct-4", "s4", later, 0.8, "e4:step_up")), later);

      List<SecurityCase> cases = cases(h);
      assertThat(cases)
          .extracting(SecurityCase::getStatus)
          .containsExactly(CaseStatus.OPEN, CaseStatus.CLOSED, CaseStatus.OPEN);
      assertThat(cases.get(2).getCaseId()).isNotEqualTo(cases.get(0).getCaseId());
      assertThat(cases.get(2).getAccounts()).containsExactly("acct-3", "acct-4");
      assertThat(h.numEventTimeTimers()).isEqualTo(1);
    }
  }

  private static CaseOrigin network(RiskDecision d) {
    return new CaseOrigin(d, CaseGrouping.NETWORK, NET);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, CaseOrigin, SecurityCase> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new SharedCaseFunction(SETTINGS, "Example Exchange")),
        CaseOrigin::stateKey,
        Types.STRING);
  }

  private static List<SecurityCase> cases(
      KeyedOneInputStreamOperatorTestHarness<String, CaseOrigin, SecurityCase> h) {
    List<SecurityCase> out = new ArrayList<>();
    for (Object o : h.getOutput()) {
      if (o instanceof StreamRecord<?> r) {
        out.add((SecurityCase) r.getValue());
      }
    }
    return out;
  }
}
