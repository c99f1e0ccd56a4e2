package dev.vigil.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeSignaturesTest {
  private static final byte[] KEY =
      "gateway-one-secret-of-32-bytes-at-least!".getBytes(StandardCharsets.UTF_8);
  private static final CommandKeyRing RING = new CommandKeyRing(Map.of("gw-1", KEY), Map.of());

  private static EnforcementOutcome passed() {
    return EnforcementOutcome.newBuilder()
        .setOutcomeId("gw-a:cmd-1:STEP_UP_PASSED")
        .setSessionId("s-1")
        .setAccountId("a-1")
        .setCommandId("cmd-1")
        .setAction(CommandAction.STEP_UP)
        .setKind(OutcomeKind.STEP_UP_PASSED)
        .setFactor("passkey")
        .setTime(1_700_000_000_000L)
        .setGatewayId("gw-a")
        .build();
  }

  @Test
  void aSignedOutcomeVerifiesWithTheGatewaysKey() {
    EnforcementOutcome o = OutcomeSignatures.signHmac(passed(), "gw-1", KEY);
    assertThat(OutcomeSignatures.verify(o, RING)).isTrue();
  }

  @Test
  void anAlteredKindOrFactorFailsVerification() {
    EnforcementOutcome o = OutcomeSignatures.signHmac(passed(), "gw-1", KEY);
    o.setKind(OutcomeKind.STEP_UP_FAILED);
    assertThat(OutcomeSignatures.verify(o, RING)).isFalse();
    EnforcementOutcome p = OutcomeSignatures.signHmac(passed(), "gw-1", KEY);
    p.setFactor("sms");
    assertThat(OutcomeSignatures.verify(p, RING)).isFalse();
  }

  @Test
  void unsignedOrUnknownKeyOutcomesFail() {
    assertThat(OutcomeSignatures.verify(passed(), RING)).isFalse();
    byte[] other = "another-gateway-secret-32-bytes-long!!".getBytes(StandardCharsets.UTF_8);
    EnforcementOutcome o = OutcomeSignatures.signHmac(passed(), "gw-2", other);
    assertThat(OutcomeSignatures.verify(o, RING)).isFalse();
  }

  @Test
  void absentAndEmptyFieldsSignDifferently() {
    EnforcementOutcome absent = passed();
    absent.setDetail(null);
    EnforcementOutcome empty = passed();
    empty.setDetail("");
    assertThat(OutcomeSignatures.canonical(absent))
        .isNotEqualTo(OutcomeSignatures.canonical(empty));
  }
}
