package dev.vigil.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.CaseGrouping;
import dev.vigil.schema.CaseSeverity;
import dev.vigil.schema.CaseStatus;
import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SecurityCase;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SocSummaryTest {
  private static final long T = 1_793_577_600_000L;

  @Test
  void signalsAreCountedByKindWithTheTwoSubjectsTouchingMostAccountsAndTheirBasis() {
    String out =
        print(
            List.of(
                signal("a", SignalKind.ENDPOINT_VOLUME, SignalSubject.ENDPOINT, "GET /x", 0)
                    .build(),
                signal("b", SignalKind.LOGIN_WAVE, SignalSubject.CLIENT, "curl/", 21)
                    .setWindowEnd(T + 90_000)
                    .build(),
                signal("c", SignalKind.LOGIN_WAVE, SignalSubject.AUTONOMOUS_SYSTEM, "AS64500", 40)
                    .build(),
                signal("d", SignalKind.LOGIN_WAVE, SignalSubject.NETWORK, "203.0.113.0/24", 5)
                    .build()),
            List.of(),
            0,
            List.of());

    assertThat(out)
        .contains("  signals                 4\n")
        .contains("    login_wave                    3  (1 in the live window)\n")
        .contains("    endpoint_volume               1  (0 in the live window)\n")
        .contains("      autonomous_system AS64500: basis of c\n")
        .contains("      client curl/: basis of b\n")
        .contains("      endpoint GET /x: basis of a\n")
        .contains("    read by the risk job          3 of 4 records\n")
        .doesNotContain("203.0.113.0/24");
    // The login waves come first, in the order of the kinds, not of the alphabet.
    assertThat(out.indexOf("login_wave")).isLessThan(out.indexOf("endpoint_volume"));
    assertThat(out.indexOf("AS64500")).isLessThan(out.indexOf("curl/"));
  }

  @Test
  void auditRecordsCitingAnExchangeSignalAreCountedShadowRecordsAreNot() {
    String out =
        print(
            List.of(),
            List.of(),
            0,
            List.of(
                decision("d1", "exchange_signal_client", false),
                decision("d2", "exchange_signal", false),
                decision("d3", "new_network", false),
                decision("d4", "exchange_signal", true)));

    assertThat(out).contains("    audit records citing          2\n");
  }

  @Test
  void casesAreCountedBySeverityStrongestFirstAndTheLargestNamesItsAccountsAndActions() {
    SecurityCase account =
        securityCase("case-1", CaseGrouping.ACCOUNT, "u1", CaseSeverity.CRITICAL, List.of("u1"), 0)
            .setActions(Map.of("KILL", 2L))
            .build();
    SecurityCase network =
        securityCase(
                "case-2",
                CaseGrouping.NETWORK,
                "203.0.113.0/24",
                CaseSeverity.HIGH,
                List.of("u1", "u2", "u3", "u4", "u5", "u6", "u7"),
                3)
            .setActions(Map.of("STEP_UP", 3L, "KILL", 1L))
            .build();
    SecurityCase medium =
        securityCase("case-3", CaseGrouping.ACCOUNT, "u9", CaseSeverity.MEDIUM, List.of("u9"), 0)
            .build();

    String out = print(List.of(), List.of(medium, account, network), 12, List.of());

    assertThat(out)
        .contains("  cases                   3\n")
        .contains("  findings               12\n")
        .contains(
            "    largest  case-2: network 203.0.113.0/24, high, open, 2 sessions\n"
                + "      accounts  u1, u2, u3, u4, u5, u6 and 4 more\n"
                + "      actions   kill 1, step_up 3\n");
    assertThat(out.indexOf("    critical")).isLessThan(out.indexOf("    high"));
    assertThat(out.indexOf("    high")).isLessThan(out.indexOf("    medium"));
  }

  @Test
  void aDemoWithoutSignalsOrCasesSaysZeroAndNamesNoLargestCase() {
    String out = print(List.of(), List.of(), 0, List.of());

    assertThat(out)
        .contains("  signals                 0\n")
        .contains("  cases                   0\n")
        .contains("  findings                0\n")
        .doesNotContain("largest");
  }

  private static String print(
      List<ExchangeSignal> signals,
      List<SecurityCase> cases,
      long findings,
      Collection<RiskDecision> audit) {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      SocSummary.print(
          out,
          signals,
          T + 60_000,
          new SocSummary.ReadBack(signals.size(), signals.size() - 1),
          cases,
          findings,
          0,
          audit);
    }
    return text.toString().replace(System.lineSeparator(), "\n");
  }

  /** A signal raised at T + 30 s, before the live window (from T + 60 s) in these tests. */
  private static ExchangeSignal.Builder signal(
      String id, SignalKind kind, SignalSubject type, String subject, int accounts) {
    return ExchangeSignal.newBuilder()
        .setSignalId(id)
        .setKind(kind)
        .setSubjectType(type)
        .setSubject(subject)
        .setWindowStart(T)
        .setWindowEnd(T + 30_000)
        .setIssuedAt(T + 30_000)
        .setExpiresAt(T + 600_000)
        .setAccounts(accounts)
        .setScore(0.5)
        .setBasis("basis of " + id);
  }

  private static SecurityCase.Builder securityCase(
      String id,
      CaseGrouping grouping,
      String key,
      CaseSeverity severity,
      List<String> accounts,
      int accountsOmitted) {
    return SecurityCase.newBuilder()
        .setCaseId(id)
        .setRevision(1)
        .setStatus(CaseStatus.OPEN)
        .setSeverity(severity)
        .setGroupedBy(grouping)
        .setGroupKey(key)
        .setAccounts(accounts)
        .setAccountsOmitted(accountsOmitted)
        .setSessions(List.of("s1", "s2"))
        .setMaxProbability(0.9)
        .setFirstSeen(T)
        .setLastSeen(T)
        .setUpdatedAt(T);
  }

  private static RiskDecision decision(String id, String code, boolean shadow) {
    return RiskDecision.newBuilder()
        .setDecisionId(id)
        .setSessionId("s-" + id)
        .setAccountId("u1")
        .setEventId("e-" + id)
        .setEventTime(T)
        .setDecidedAt(T)
        .setPreviousProbability(0.1)
        .setProbability(0.5)
        .setEvidence(
            List.of(
                Reason.newBuilder()
                    .setCode(code)
                    .setLogLikelihoodRatio(1.0)
                    .setText(code)
                    .setValues(Map.of())
                    .build()))
        .setModelVersion("test")
        .setShadow(shadow)
        .build();
  }
}
