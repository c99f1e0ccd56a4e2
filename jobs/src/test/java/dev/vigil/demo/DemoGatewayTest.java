package dev.vigil.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoGatewayTest {
  @Test
  void theOwnerAnswersWithAPasskeyWhenTheStepUpAcceptsOne() {
    assertThat(DemoGateway.ownerFactor(List.of("totp", "passkey"))).isEqualTo("passkey");
    assertThat(DemoGateway.ownerFactor(null)).isEqualTo("passkey");
    assertThat(DemoGateway.ownerFactor(List.of())).isEqualTo("passkey");
  }

  @Test
  void theOwnerAnswersWithTheFirstAcceptedFactorWhenPasskeysAreNotAccepted() {
    assertThat(DemoGateway.ownerFactor(List.of("totp", "sms"))).isEqualTo("totp");
  }
}
