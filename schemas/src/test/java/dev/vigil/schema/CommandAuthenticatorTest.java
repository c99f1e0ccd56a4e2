package dev.vigil.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandAuthenticatorTest {
  // openssl rand -hex 32: 2621521f7c639d53b94bead17b0679ed8415d545613669e3054e6ca04dc80fb6
  static final String KEY_A = "JiFSH3xjnVO5S+rRewZ57YQV1UVhNmnjBU5soE3ID7Y=";
  static final String KEY_B = "uEtawcObjRarT3N6HiC238Epapt5Odxw9irO8s9u++4=";

  static SessionCommand kill() {
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
    //   -macopt hexkey:<KEY_A in hex>, with the canonical text below.
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
        .isEqualTo("fc9880671aeb596714d8140a28a65abbd94614fa091f372797fe636b6aa1c28b");
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
        .isEqualTo("e57125285ed9fdac32b435f39c22e53568cb2bd06923c14cc57d45c59c42af76");
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
  void version3HmacSignaturesOfOldCommandsAndTheLegacyTextStillVerify() {
    CommandAuthenticator auth = CommandAuthenticator.parse("k1:" + KEY_A);
    SessionCommand v3 = kill();
    v3.setSignature(
        CommandSignature.newBuilder()
            .setKeyId("k1")
            .setAlgorithm("HmacSHA256-v3")
            .setValue(
                ByteBuffer.wrap(
                    CommandAuthenticator.mac(
                        Base64.getDecoder().decode(KEY_A), CommandAuthenticator.canonicalV3(v3))))
            .build());
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

  @Test
  void weakHmacKeysAreRefusedWithoutShowingThem() {
    for (byte[] weak :
        List.of(
            new byte[32],
            "0123456789abcdef0123456789abcdef".getBytes(),
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(),
            "passwordpasswordpasswordpassword".getBytes(),
            sequence())) {
      String b64 = Base64.getEncoder().encodeToString(weak);
      assertThatThrownBy(() -> CommandAuthenticator.parse("k1:" + b64))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not random")
          .hasMessageNotContaining(b64);
    }
  }

  private static byte[] sequence() {
    byte[] b = new byte[32];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  private static final String EXPECTED_HMAC_V3 =
      "8ed6cd0d6fbc4c30c6aac16af24b434174c2e0630e80840b8cda1824da8711b4";

  private static final String EXPECTED_HMAC =
      "5975fac6b1f28d4f2520722b0ec1794c1b58192bc86588580b451f19968f4269";
}
