package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.evidence.EvidenceCode;
import org.junit.jupiter.api.Test;

class ReasonWordsTest {
  @Test
  void aFamiliarNetworkReadsAsFamiliarNotAsAnAlarm() {
    String owner =
        CommandFactory.reason(EvidenceCode.NEW_NETWORK, -4.0, 3215, Double.NaN, 1.0).getText();
    String thief =
        CommandFactory.reason(EvidenceCode.NEW_NETWORK, 3.0, 20473, Double.NaN, 0.0).getText();

    assertThat(owner).contains("a network this account uses").doesNotContain("rarely or never");
    assertThat(thief).contains("rarely or never uses");
  }

  @Test
  void aFamiliarClientReadsAsFamiliar() {
    String owner = CommandFactory.reason(EvidenceCode.NEW_CLIENT, -3.9, 1.0, 0.0, 0.0001).getText();

    assertThat(owner).startsWith("client software or API key this account uses");
  }

  @Test
  void anOwnerLeaningNetworkAtShareZeroSaysWhatItRestsOn() {
    String text =
        CommandFactory.reason(EvidenceCode.NEW_NETWORK, -1.2, 3209, Double.NaN, 0.0).getText();

    assertThat(text)
        .startsWith(
            "request from an address block new to this account, in an AS or country it uses")
        .contains("carried 0.00%")
        .doesNotContain("a network this account uses");
  }

  @Test
  void anOwnerLeaningClientAtSharesZeroSaysItIsNewButCommon() {
    String text = CommandFactory.reason(EvidenceCode.NEW_CLIENT, -0.4, 0.0, 0.0, 0.087).getText();

    assertThat(text)
        .startsWith("client software and API key new to this account")
        .contains("exchange share 8.70%");
  }

  @Test
  void aFreshNetworkAdoptedBySessionSaysWhenItWasNew() {
    String text =
        CommandFactory.reason(
                EvidenceCode.SENSITIVE_FROM_FRESH_NETWORK, 1.5, 0.34, 0.05, Double.NaN)
            .getText();

    assertThat(text)
        .contains("new to this account when this session arrived on it")
        .contains("familiar takes a share of 5.00%")
        .contains("its share is now 34.0%");
  }

  @Test
  void auditTermsCarryTheCountBehindTheirShare() {
    dev.vigil.core.evidence.EvidenceBuffer ev = new dev.vigil.core.evidence.EvidenceBuffer();
    ev.add(EvidenceCode.NEW_NETWORK, 2.0, 3209, Double.NaN, 0.0, 12.345);
    ev.add(EvidenceCode.IMPOSSIBLE_TRAVEL, 3.0, 900, 60, 54000);

    var reasons = CommandFactory.evidenceReasons(ev);

    assertThat(reasons.get(0).getValues()).containsEntry("account_sessions", "12.35");
    assertThat(reasons.get(1).getValues()).doesNotContainKey("account_sessions");
  }

  @Test
  void flagsReadAsYesOrNoInTheWordsAndStayNumbersInTheValues() {
    var r =
        CommandFactory.reason(
            EvidenceCode.WITHDRAWAL_TO_ADDRESS_ADDED_IN_SESSION, 1.0, 1, 0.0, Double.NaN);

    assertThat(r.getText()).contains("new to the account: yes;");
    assertThat(r.getValues()).containsEntry("fresh_network", "1");
    assertThat(CommandFactory.reason(EvidenceCode.FAST_CASH_OUT, 1.0, 12, 0, 1).getText())
        .contains("on a network (no) or client (yes) new to the account");
  }
}
