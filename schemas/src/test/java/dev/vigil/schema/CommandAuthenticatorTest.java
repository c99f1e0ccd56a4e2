package dev.vigil.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandAuthenticatorTest {
  private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String KEY_B =
      Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  private static SessionCommand kill() {
    return SessionCommand.newBuilder()
        .setCommandId("cmd-1")
        .setSessionId("sess-1")
        .setAccountId("acct-1")
        .setAction(CommandAction.KILL)
        .setParameters(CommandParameters.newBuilder().build())
        .setIssuedAt(1_764_400_000_000L)
        .setExpiresAt(1_764_400_060_000L)
        .setProbability(0.97)
        .setReasons(List.of())
        .setModelVersion("m1")
        .setTriggerEventId("req-9")
        .build();
  }

  @Test
  void aSignedCommandVerifies() {
    CommandAuthenticator auth = CommandAuthenticator.parse("k1:" + KEY_A);

    SessionCommand signed = auth.sign(kill());

    assertThat(signed.getSignature().getKeyId()).isEqualTo("k1");
    assertThat(auth.verify(signed)).isTrue();
  }

  @Test
  void theMacMatchesAnIndependentHmacOfTheDocumentedCanonicalForm() {
    SessionCommand signed = CommandAuthenticator.parse("k1:" + KEY_A).legacyForm().sign(kill());

    assertThat(signed.getSignature().getAlgorithm()).isEqualTo("HmacSHA256");
    // Computed outside Vigil: printf '%s' "$canonical" | openssl dgst -sha256 -mac HMAC
    //   -macopt hexkey:00..00 (32 zero bytes), with the canonical text below.
    assertThat(CommandAuthenticator.canonicalForm(signed))
        .isEqualTo(
            "vigil-command-v1\ncmd-1\nsess-1\nacct-1\nKILL\n\n\n\n\n1764400000000\n1764400060000\nreq-9");
    assertThat(HexFormat.of().formatHex(signed.getSignature().getValue().array()))
        .isEqualTo(EXPECTED_HMAC);
  }

  @Test
  void changingACoveredFieldBreaksTheSignature() {
    CommandAuthenticator auth = CommandAuthenticator.parse("k1:" + KEY_A);
    SessionCommand signed = auth.sign(kill());

    signed.setExpiresAt(signed.getExpiresAt() + 3_600_000);

    assertThat(auth.verify(signed)).isFalse();
  }

  @Test
  void aRotatedRingStillVerifiesCommandsOfTheOldKey() {
    SessionCommand signedWithOld = CommandAuthenticator.parse("k1:" + KEY_A).sign(kill());

    CommandAuthenticator rotated = CommandAuthenticator.parse("k2:" + KEY_B + "\nk1:" + KEY_A);

    assertThat(rotated.verify(signedWithOld)).isTrue();
    assertThat(rotated.sign(kill()).getSignature().getKeyId()).isEqualTo("k2");
  }

  @Test
  void anUnknownKeyOrMissingSignatureDoesNotVerify() {
    SessionCommand signed = CommandAuthenticator.parse("k2:" + KEY_B).sign(kill());
    CommandAuthenticator other = CommandAuthenticator.parse("k1:" + KEY_A);

    assertThat(other.verify(signed)).isFalse();
    assertThat(other.verify(kill())).isFalse();
    signed.getSignature().setValue(ByteBuffer.wrap(new byte[32]));
    assertThat(CommandAuthenticator.parse("k2:" + KEY_B).verify(signed)).isFalse();
  }

  @Test
  void shortKeysAreRefusedWithoutShowingThem() {
    String shortKey = Base64.getEncoder().encodeToString("secret".getBytes());

    assertThatThrownBy(() -> CommandAuthenticator.parse("k1:" + shortKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32")
        .hasMessageNotContaining(shortKey);
  }

  private static SessionCommand withParameters(
      String id, CommandAction action, CommandParameters parameters) {
    SessionCommand c = kill();
    c.setCommandId(id);
    c.setAction(action);
    c.setParameters(parameters);
    return c;
  }

  @Test
  void aStepUpNamingItsFactorsIsSignedOverTheVersion2Form() {
    SessionCommand signed =
        CommandAuthenticator.parse("k1:" + KEY_A)
            .legacyForm()
            .sign(
                withParameters(
                    "cmd-2",
                    CommandAction.STEP_UP,
                    CommandParameters.newBuilder()
                        .setAcceptedFactors(List.of("passkey", "email_link"))
                        .build()));

    // Computed outside Vigil with openssl, as for the version 1 form.
    assertThat(CommandAuthenticator.canonicalForm(signed))
        .isEqualTo(
            "vigil-command-v2\ncmd-2\nsess-1\nacct-1\nSTEP_UP\n\n\n\n\n1764400000000\n1764400060000"
                + "\nreq-9\n\n\npasskey,email_link");
    assertThat(HexFormat.of().formatHex(signed.getSignature().getValue().array()))
        .isEqualTo("16e47ed08833d351e6946d2908f0726d8b35e3bd968cf85560350747224c20c2");
  }

  @Test
  void aHoldIsSignedOverItsDurationAndScope() {
    CommandAuthenticator auth = CommandAuthenticator.parse("k1:" + KEY_A).legacyForm();
    SessionCommand signed =
        auth.sign(
            withParameters(
                "cmd-3",
                CommandAction.HOLD_WITHDRAWALS,
                CommandParameters.newBuilder()
                    .setHoldSeconds(86_400L)
                    .setHoldScope(HoldScope.ADDRESSES_ADDED_IN_SESSION)
                    .build()));

    assertThat(HexFormat.of().formatHex(signed.getSignature().getValue().array()))
        .isEqualTo("a6155b4a7d95b89b5747b6bae8f59c557d57feaf29558143f6a013505fe8d420");
    signed.getParameters().setHoldScope(HoldScope.ALL);
    assertThat(auth.verify(signed)).as("scope widened in transit").isFalse();
    signed.getParameters().setHoldScope(HoldScope.ADDRESSES_ADDED_IN_SESSION);
    signed.getParameters().setHoldSeconds(60L);
    assertThat(auth.verify(signed)).as("hold shortened in transit").isFalse();
  }

  @Test
  void strippingOrChangingTheFactorsBreaksTheSignature() {
    CommandAuthenticator auth = CommandAuthenticator.parse("k1:" + KEY_A);
    SessionCommand signed =
        auth.sign(
            withParameters(
                "cmd-2",
                CommandAction.STEP_UP,
                CommandParameters.newBuilder().setAcceptedFactors(List.of("passkey")).build()));
    assertThat(auth.verify(signed)).isTrue();

    signed.getParameters().setAcceptedFactors(List.of("sms"));
    assertThat(auth.verify(signed)).isFalse();
    signed.getParameters().setAcceptedFactors(null);
    assertThat(auth.verify(signed)).isFalse();
  }

  @Test
  void aFactorNameThatCouldBlurTheListIsRefused() {
    SessionCommand c =
        withParameters(
            "cmd-2",
            CommandAction.STEP_UP,
            CommandParameters.newBuilder().setAcceptedFactors(List.of("sms,passkey")).build());

    assertThatThrownBy(() -> CommandAuthenticator.canonicalForm(c))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void newHmacSignaturesCoverTheVersion3FormAndBothFormsVerify() {
    CommandAuthenticator auth = CommandAuthenticator.parse("k1:" + KEY_A);
    SessionCommand v3 = auth.sign(kill());
    SessionCommand legacy = auth.legacyForm().sign(kill());

    assertThat(v3.getSignature().getAlgorithm()).isEqualTo("HmacSHA256-v3");
    assertThat(HexFormat.of().formatHex(v3.getSignature().getValue().array()))
        .as("computed outside Vigil (Python hmac over the documented v3 bytes)")
        .isEqualTo(EXPECTED_HMAC_V3);
    assertThat(auth.verify(v3)).isTrue();
    assertThat(auth.verify(legacy)).isTrue();
    v3.getSignature().setAlgorithm("HmacSHA256");
    assertThat(auth.verify(v3)).as("a v3 MAC relabelled as legacy").isFalse();
  }

  @Test
  void theVersion3FormIsLengthPrefixed() {
    SessionCommand c = kill();
    c.setParameters(null);
    byte[] form = CommandAuthenticator.canonicalV3(c);

    assertThat(HexFormat.of().formatHex(form))
        .startsWith("00000010" + HexFormat.of().formatHex("vigil-command-v3".getBytes()))
        .contains("00000005" + HexFormat.of().formatHex("cmd-1".getBytes()))
        .endsWith("00000005" + HexFormat.of().formatHex("req-9".getBytes()) + "ffffffff".repeat(3));
  }

  @Test
  void fieldSplitsThatCollidedUnderVersion1DifferUnderVersion3() {
    SessionCommand a = kill();
    a.setSessionId("sess-1\nacct-1");
    a.setAccountId("x");
    SessionCommand b = kill();
    b.setSessionId("sess-1");
    b.setAccountId("acct-1\nx");
    CommandAuthenticator auth = CommandAuthenticator.parse("k1:" + KEY_A);

    assertThat(CommandAuthenticator.canonicalForm(a))
        .as("the version 1 collision")
        .isEqualTo(CommandAuthenticator.canonicalForm(b));
    assertThat(CommandAuthenticator.canonicalV3(a))
        .isNotEqualTo(CommandAuthenticator.canonicalV3(b));
    SessionCommand signedA = auth.sign(a);
    b.setSignature(signedA.getSignature());
    assertThat(auth.verify(b)).as("a's v3 signature moved onto b").isFalse();
    SessionCommand legacyA = auth.legacyForm().sign(kill());
    legacyA.setSessionId("sess-1\nacct-1");
    legacyA.setAccountId("x");
    assertThat(auth.verify(legacyA)).isFalse();
  }

  @Test
  void absentAndEmptyDifferUnderVersion3() {
    SessionCommand a = kill();
    a.getParameters().setHoldScope(null);
    SessionCommand b = kill();
    b.getParameters().setAcceptedFactors(List.of());

    assertThat(CommandAuthenticator.canonicalV3(a))
        .isNotEqualTo(CommandAuthenticator.canonicalV3(b));
  }

  private static final String EXPECTED_HMAC_V3 =
      "2e4a731b3dffa04d3b8fedf676b544d85a18bc16f576042336b1a5630b95633b";

  private static final String EXPECTED_HMAC =
      "99e3c3471b4dbb24362462c24c0bc4aec52b63dad8af180dd80c0fc01151b818";
}
