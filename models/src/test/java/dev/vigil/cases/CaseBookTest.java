package dev.vigil.cases;

import static dev.vigil.cases.CaseSignals.signal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.CaseGrouping;
import dev.vigil.schema.CaseSeverity;
import dev.vigil.schema.CaseStatus;
import dev.vigil.schema.SecurityCase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaseBookTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final long MIN = 60_000L;

  @Test
  void threeDecisionsOfOneAccountMakeOneCaseAtRevisionThree() {
    CaseBook book = new CaseBook(CaseSettings.DEFAULTS);
    List<SecurityCase> out = new ArrayList<>();
    out.addAll(book.add(signal("e1:active", T0, "acct-1", "s1", "RISK", 0.6)));
    out.addAll(book.add(signal("e2:active", T0 + MIN, "acct-1", "s1", "STEP_UP", 0.8)));
    out.addAll(book.add(signal("e3:active", T0 + 2 * MIN, "acct-1", "s2", "KILL", 0.97)));

    assertThat(out).extracting(SecurityCase::getRevision).containsExactly(1L, 2L, 3L);
    assertThat(out).extracting(SecurityCase::getCaseId).containsOnly(out.get(0).getCaseId());
    SecurityCase last = out.get(2);
    assertThat(last.getGroupedBy()).isEqualTo(CaseGrouping.ACCOUNT);
    assertThat(last.getGroupKey()).isEqualTo("acct-1");
    assertThat(last.getStatus()).isEqualTo(CaseStatus.OPEN);
    assertThat(last.getAccounts()).containsExactly("acct-1");
    assertThat(last.getSessions()).containsExactly("s1", "s2");
    assertThat(last.getTimeline())
        .extracting(e -> e.getAction())
        .containsExactly("RISK", "STEP_UP", "KILL");
    assertThat(last.getActions()).containsEntry("STEP_UP", 1L).containsEntry("KILL", 1L).hasSize(2);
    assertThat(last.getSeverity()).isEqualTo(CaseSeverity.CRITICAL);
    assertThat(last.getMaxProbability()).isEqualTo(0.97);
    assertThat(last.getFirstSeen()).isEqualTo(T0);
    assertThat(last.getLastSeen()).isEqualTo(T0 + 2 * MIN);
    assertThat(last.getUpdatedAt()).isEqualTo(T0 + 2 * MIN);
    // Emitted revisions are copies: the first still shows one decision.
    assertThat(out.get(0).getTimeline()).hasSize(1);
    assertThat(out.get(0).getSeverity()).isEqualTo(CaseSeverity.LOW);
  }

  @Test
  void twoAccountsSteppedUpFromOneSlash24MakeOneNetworkCase() {
    CaseBook book = new CaseBook(CaseSettings.DEFAULTS);
    List<SecurityCase> first =
        book.add(signal("a1", T0, "acct-a", "sa", "STEP_UP", 0.7, "203.0.113.7", null));
    List<SecurityCase> second =
        book.add(signal("b1", T0 + MIN, "acct-b", "sb", "STEP_UP", 0.7, "203.0.113.200", null));

    // One account is not yet a network case: only the account case is emitted.
    assertThat(first).extracting(SecurityCase::getGroupedBy).containsExactly(CaseGrouping.ACCOUNT);
    assertThat(second)
        .extracting(SecurityCase::getGroupedBy)
        .containsExactly(CaseGrouping.ACCOUNT, CaseGrouping.NETWORK);
    SecurityCase network = second.get(1);
    assertThat(network.getGroupKey()).isEqualTo("203.0.113.0/24");
    assertThat(network.getRevision()).isEqualTo(1);
    assertThat(network.getAccounts()).containsExactly("acct-a", "acct-b");
    assertThat(network.getTimeline())
        .extracting(e -> e.getDecisionId())
        .containsExactly("a1", "b1");
    assertThat(network.getCaseId())
        .isEqualTo(CaseAssembler.caseId(CaseGrouping.NETWORK, "203.0.113.0/24", "a1"));
    // Another /24 stays apart.
    assertThat(
            book.add(
                signal("c1", T0 + 2 * MIN, "acct-c", "sc", "STEP_UP", 0.7, "203.0.114.1", null)))
        .extracting(SecurityCase::getGroupedBy)
        .containsExactly(CaseGrouping.ACCOUNT);
  }

  @Test
  void twoAccountsNamingOneWithdrawalAddressMakeOneAddressCase() {
    CaseBook book = new CaseBook(CaseSettings.DEFAULTS);
    book.add(signal("a1", T0, "acct-a", "sa", "HOLD_WITHDRAWALS", 0.7, null, "bc1qxyz"));
    List<SecurityCase> out =
        book.add(signal("b1", T0 + MIN, "acct-b", "sb", "HOLD_WITHDRAWALS", 0.7, null, "bc1qxyz"));

    assertThat(out)
        .extracting(SecurityCase::getGroupedBy)
        .containsExactly(CaseGrouping.ACCOUNT, CaseGrouping.WITHDRAWAL_ADDRESS);
    assertThat(out.get(1).getAccounts()).containsExactly("acct-a", "acct-b");
    assertThat(out.get(1).getSeverity()).isEqualTo(CaseSeverity.HIGH);
  }

  @Test
  void aQuietPeriodClosesTheCaseAndALaterDecisionOpensANewOne() {
    CaseBook book = new CaseBook(CaseSettings.DEFAULTS.withQuiet(Duration.ofMinutes(10)));
    SecurityCase opened = book.add(signal("e1", T0, "acct-1", "s1", "STEP_UP", 0.8)).get(0);

    assertThat(book.closeQuiet(T0 + 10 * MIN - 1)).isEmpty();
    List<SecurityCase> closed = book.closeQuiet(T0 + 10 * MIN);
    assertThat(closed).hasSize(1);
    assertThat(closed.get(0).getCaseId()).isEqualTo(opened.getCaseId());
    assertThat(closed.get(0).getStatus()).isEqualTo(CaseStatus.CLOSED);
    assertThat(closed.get(0).getRevision()).isEqualTo(2);
    assertThat(closed.get(0).getUpdatedAt()).isEqualTo(T0 + 10 * MIN);
    assertThat(book.openCount()).isZero();

    SecurityCase reopened =
        book.add(signal("e9", T0 + 60 * MIN, "acct-1", "s1", "STEP_UP", 0.8)).get(0);
    assertThat(reopened.getCaseId()).isNotEqualTo(opened.getCaseId());
    assertThat(reopened.getRevision()).isEqualTo(1);
  }

  @Test
  void aNetworkCaseThatNeverHadTwoAccountsClosesUnseen() {
    CaseBook book = new CaseBook(CaseSettings.DEFAULTS.withQuiet(Duration.ofMinutes(10)));
    book.add(signal("a1", T0, "acct-a", "sa", "STEP_UP", 0.7, "198.51.100.4", null));
    assertThat(book.openCount()).isEqualTo(2);

    List<SecurityCase> closed = book.closeAll();
    assertThat(closed).extracting(SecurityCase::getGroupedBy).containsExactly(CaseGrouping.ACCOUNT);
    assertThat(book.openCount()).isZero();
  }

  @Test
  void aDecisionBelowTheThresholdWithoutAStepUpOpensNoCase() {
    CaseBook book = new CaseBook(CaseSettings.DEFAULTS);
    assertThat(book.add(signal("e1", T0, "acct-1", "s1", "RISK", 0.49))).isEmpty();
    assertThat(book.add(signal("e2", T0, "acct-1", "s1", "SET_TIMEOUT", 0.3))).isEmpty();
    assertThat(book.openCount()).isZero();
  }

  @Test
  void aSessionThatStaysRiskyWithoutNewCommandsAddsNoRevisions() {
    CaseBook book = new CaseBook(CaseSettings.DEFAULTS);
    assertThat(book.add(signal("e1", T0, "acct-1", "s1", "STEP_UP", 0.7))).hasSize(1);
    CaseSignal stillRisky =
        new CaseSignal(
            "e2", T0 + 1, "acct-1", "s1", "RISK", List.of(), 0.7, 0.72, List.of(), null, null);
    assertThat(book.add(stillRisky)).isEmpty();
  }

  @Test
  void aReplayOfTheSameDecisionsGivesTheSameCases() {
    List<SecurityCase> a = run();
    List<SecurityCase> b = run();
    assertThat(a).isEqualTo(b);
  }

  @Test
  void theTimelineKeepsTheLatestEntriesAndCountsTheDropped() {
    CaseSettings small = new CaseSettings(Duration.ofHours(1), 0.5, 4, 2, 2, 10);
    CaseBook book = new CaseBook(small);
    SecurityCase last = null;
    for (int i = 0; i < 7; i++) {
      last = book.add(signal("e" + i, T0 + i, "acct-1", "s" + i, "STEP_UP", 0.7)).get(0);
    }
    assertThat(last.getRevision()).isEqualTo(7);
    assertThat(last.getTimeline())
        .extracting(e -> e.getDecisionId())
        .containsExactly("e3", "e4", "e5", "e6");
    assertThat(last.getTimelineOmitted()).isEqualTo(3);
    assertThat(last.getSessions()).containsExactly("s0", "s1");
    assertThat(last.getSessionsOmitted()).isEqualTo(5);
    assertThat(last.getFirstSeen()).isEqualTo(T0);
  }

  @Test
  void beyondTheOpenCaseBoundTheLeastRecentlyUpdatedCaseClosesEarly() {
    CaseSettings two = new CaseSettings(Duration.ofHours(1), 0.5, 4, 2, 2, 2);
    CaseBook book = new CaseBook(two);
    book.add(signal("a", T0, "acct-a", "sa", "STEP_UP", 0.7));
    book.add(signal("b", T0 + 1, "acct-b", "sb", "STEP_UP", 0.7));
    List<SecurityCase> out = book.add(signal("c", T0 + 2, "acct-c", "sc", "STEP_UP", 0.7));

    assertThat(out).extracting(SecurityCase::getGroupKey).containsExactly("acct-a", "acct-c");
    assertThat(out.get(0).getStatus()).isEqualTo(CaseStatus.CLOSED);
    assertThat(book.openCount()).isEqualTo(2);
  }

  private static List<SecurityCase> run() {
    CaseBook book = new CaseBook(CaseSettings.DEFAULTS);
    List<SecurityCase> out = new ArrayList<>();
    out.addAll(book.add(signal("a1", T0, "acct-a", "sa", "STEP_UP", 0.7, "203.0.113.7", null)));
    out.addAll(book.add(signal("b1", T0 + MIN, "acct-b", "sb", "KILL", 0.9, "203.0.113.9", null)));
    out.addAll(book.closeAll());
    return out;
  }
}
