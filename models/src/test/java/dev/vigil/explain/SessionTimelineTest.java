package dev.vigil.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionTimelineTest {
  private static final long T0 = 1_764_400_000_000L;

  @Test
  void ordersTheSessionsRequestsAndKeepsTermsNotesAndCommands() {
    List<RiskDecision> ds =
        List.of(
            decision("e-3", "s-1", T0 + 3000, 0.30, 0.97, false)
                .setEvidence(
                    List.of(
                        reason("new_withdrawal_address", 1.1, Map.of("account_share", "0")),
                        reason("impossible_travel", 2.9, ordered("seconds", "40", "km", "8800")),
                        reason("mfa_passed", 0.0, Map.of())))
                .setPolicyNotes(List.of(reason("evidence_kinds", 0, Map.of("network", "2.9"))))
                .setCommandIds(List.of("e-3:kill"))
                .build(),
            decision("e-1", "s-1", T0, 0.01, 0.01, false).build(),
            decision("x-1", "s-2", T0 + 1000, 0.01, 0.5, false).build(),
            decision("e-2", "s-1", T0 + 1000, 0.01, 0.30, false)
                .setEvidence(List.of(reason("new_network", 3.7, Map.of("asn", "20473"))))
                .build(),
            decision("e-2", "s-1", T0 + 1000, 0.01, 0.20, true).build());

    SessionTimeline t = SessionTimeline.of("s-1", ds, false);

    assertThat(t.entries())
        .extracting(SessionTimeline.Entry::eventId)
        .containsExactly("e-1", "e-2", "e-3");
    assertThat(t.read()).isEqualTo(5);
    assertThat(t.sessionsRead()).isEqualTo(2);
    SessionTimeline.Entry kill = t.entries().get(2);
    assertThat(kill.terms())
        .extracting(Reason::getCode)
        .containsExactly("impossible_travel", "new_withdrawal_address");
    assertThat(kill.notes()).extracting(Reason::getCode).containsExactly("evidence_kinds");
    assertThat(t.commandIds()).containsExactly("e-3:kill");
    assertThat(t.peak()).isEqualTo(0.97);
    assertThat(kill.logOddsChange())
        .isCloseTo(
            Math.log(0.97 / 0.03) - Math.log(0.3 / 0.7), org.assertj.core.data.Offset.offset(1e-9));

    String text = t.render();
    assertThat(text)
        .startsWith("session s-1 (account a-1): 3 requests from 2025-11-29T07:06:40Z")
        .contains("P 0.0100 -> 0.9700 (peak 0.9700); 1 commands")
        .contains("e-2  P 0.0100 -> 0.3000 (+3.75 nats)")
        .contains("  +2.90  impossible_travel: impossible_travel words [km=8800, seconds=40]")
        .contains("    note    evidence_kinds: evidence_kinds words")
        .contains("    sent    e-3:kill")
        .doesNotContain("mfa_passed")
        .doesNotContain("x-1");
  }

  @Test
  void smallProbabilitiesDoNotReadAsZero() {
    assertThat(SessionTimeline.p(0.000012)).isEqualTo("1.2e-05");
    assertThat(SessionTimeline.p(0.0)).isEqualTo("0.0000");
    assertThat(SessionTimeline.p(0.5678)).isEqualTo("0.5678");
  }

  @Test
  void shadowDecisionsAreShownOnlyWhenAskedAndDuplicatesOnce() {
    List<RiskDecision> ds =
        List.of(
            decision("e-1", "s-1", T0, 0.01, 0.2, true).build(),
            decision("e-1", "s-1", T0, 0.01, 0.2, true).build(),
            decision("e-1", "s-1", T0, 0.01, 0.1, false).build());

    assertThat(SessionTimeline.of("s-1", ds, true).entries()).hasSize(1);
    assertThat(SessionTimeline.of("s-1", ds, true).entries().get(0).after()).isEqualTo(0.2);
    assertThat(SessionTimeline.of("s-1", ds, false).entries().get(0).after()).isEqualTo(0.1);
  }

  @Test
  void anUnknownSessionIsEmptyAndSaysHowMuchWasRead() {
    SessionTimeline t =
        SessionTimeline.of(
            "nope", List.of(decision("e-1", "s-1", T0, 0.1, 0.2, false).build()), false);

    assertThat(t.isEmpty()).isTrue();
    assertThat(t.render()).isEqualTo("session nope: no decisions among the 1 read\n");
  }

  private static RiskDecision.Builder decision(
      String event, String session, long time, double before, double after, boolean shadow) {
    return RiskDecision.newBuilder()
        .setDecisionId(event + (shadow ? ":shadow" : ":active"))
        .setSessionId(session)
        .setAccountId("a-1")
        .setEventId(event)
        .setEventTime(time)
        .setDecidedAt(time + 5)
        .setPreviousProbability(before)
        .setProbability(after)
        .setModelVersion("m-1")
        .setShadow(shadow);
  }

  private static Map<String, String> ordered(String k1, String v1, String k2, String v2) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }

  private static Reason reason(String code, double llr, Map<String, String> values) {
    return Reason.newBuilder()
        .setCode(code)
        .setLogLikelihoodRatio(llr)
        .setText(code + " words")
        .setValues(values)
        .build();
  }
}
