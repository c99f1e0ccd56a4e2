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
}
