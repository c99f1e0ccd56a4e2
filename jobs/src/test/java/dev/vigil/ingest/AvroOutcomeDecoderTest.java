package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandKeyRing;
import dev.vigil.schema.DeadLetterReason;
import dev.vigil.schema.EnforcementOutcome;
import dev.vigil.schema.OutcomeKind;
import dev.vigil.schema.OutcomeSignatures;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AvroOutcomeDecoderTest {
  static final long NOW = 1_767_225_600_000L;
  static final byte[] GATEWAY_KEY =
      "a-gateway-outcome-key-of-32-byte".getBytes(StandardCharsets.UTF_8);
  static final CommandKeyRing RING =
      CommandKeyRing.parse("gw1:" + Base64.getEncoder().encodeToString(GATEWAY_KEY));

  final AvroOutcomeDecoder verifying = new AvroOutcomeDecoder(IngestLimits.defaults(), RING);

  static EnforcementOutcome passed() {
    return EnforcementOutcome.newBuilder()
        .setOutcomeId("gw-1:e1:step_up:STEP_UP_PASSED")
        .setSessionId("s1")
        .setAccountId("acct-1")
        .setCommandId("e1:step_up")
        .setAction(CommandAction.STEP_UP)
        .setKind(OutcomeKind.STEP_UP_PASSED)
        .setFactor("passkey")
        .setTime(NOW - 1_000)
        .setGatewayId("gw-1")
        .build();
  }

  static byte[] bytes(EnforcementOutcome o) throws Exception {
    ByteBuffer b = o.toByteBuffer();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  static byte[] signed(EnforcementOutcome o) throws Exception {
    return bytes(OutcomeSignatures.signHmac(o, "gw1", GATEWAY_KEY));
  }

  @Test
  void aSignedOutcomeIsAccepted() throws Exception {
    var d = verifying.decode(signed(passed()), NOW);
    assertThat(d.accepted()).isTrue();
    assertThat(d.outcome().getFactor()).isEqualTo("passkey");
  }

  @Test
  void anUnsignedOutcomeIsRefusedNamingTheSignature() throws Exception {
    var d = verifying.decode(bytes(passed()), NOW);
    assertThat(d.accepted()).isFalse();
    assertThat(d.reason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
    assertThat(d.field()).isEqualTo("signature");
    assertThat(d.message()).contains("unsigned").contains("outcomes.keys");
  }

  @Test
  void anAlteredOrForeignSignedOutcomeIsRefused() throws Exception {
    EnforcementOutcome altered = OutcomeSignatures.signHmac(passed(), "gw1", GATEWAY_KEY);
    altered.setKind(OutcomeKind.STEP_UP_PASSED);
    altered.setSessionId("someone-elses-session");
    var d = verifying.decode(bytes(altered), NOW);
    assertThat(d.reason()).isEqualTo(DeadLetterReason.BAD_VALUE);
    assertThat(d.field()).isEqualTo("signature");
    byte[] otherKey = "another-gateway-key-of-32-bytes!".getBytes(StandardCharsets.UTF_8);
    var forged =
        verifying.decode(bytes(OutcomeSignatures.signHmac(passed(), "gw1", otherKey)), NOW);
    assertThat(forged.reason()).isEqualTo(DeadLetterReason.BAD_VALUE);
    var unknownKey =
        verifying.decode(bytes(OutcomeSignatures.signHmac(passed(), "gw9", GATEWAY_KEY)), NOW);
    assertThat(unknownKey.reason()).isEqualTo(DeadLetterReason.BAD_VALUE);
  }

  @Test
  void withVerificationOffAnUnsignedOutcomeIsAccepted() throws Exception {
    var d = new AvroOutcomeDecoder(IngestLimits.defaults(), null).decode(bytes(passed()), NOW);
    assertThat(d.accepted()).isTrue();
  }

  @Test
  void malformedRecordsAreRefusedWithTheIngestReasons() throws Exception {
    byte[] good = signed(passed());
    assertThat(verifying.decode(new byte[0], NOW).reason())
        .isEqualTo(DeadLetterReason.EMPTY_RECORD);
    assertThat(verifying.decode("{\"kind\":1}".getBytes(StandardCharsets.UTF_8), NOW).reason())
        .isEqualTo(DeadLetterReason.NOT_SINGLE_OBJECT_AVRO);
    assertThat(verifying.decode(Arrays.copyOf(good, good.length - 5), NOW).reason())
        .isEqualTo(DeadLetterReason.TRUNCATED_AVRO);
    assertThat(verifying.decode(Arrays.copyOf(good, good.length + 3), NOW).reason())
        .isEqualTo(DeadLetterReason.CORRUPT_AVRO);
    byte[] otherSchema = good.clone();
    otherSchema[5] ^= 0x55;
    assertThat(verifying.decode(otherSchema, NOW).reason())
        .isEqualTo(DeadLetterReason.UNKNOWN_FINGERPRINT);
  }

  @Test
  void missingIdsOverlongFieldsAndClocksFarOffAreRefused() throws Exception {
    EnforcementOutcome noSession = passed();
    noSession.setSessionId("");
    var d = verifying.decode(signed(noSession), NOW);
    assertThat(d.reason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
    assertThat(d.field()).isEqualTo("sessionId");
    EnforcementOutcome longFactor = passed();
    longFactor.setFactor("x".repeat(65));
    assertThat(verifying.decode(signed(longFactor), NOW).reason())
        .isEqualTo(DeadLetterReason.FIELD_TOO_LONG);
    EnforcementOutcome future = passed();
    future.setTime(NOW + 3_600_000);
    var skewed = verifying.decode(signed(future), NOW);
    assertThat(skewed.reason()).isEqualTo(DeadLetterReason.CLOCK_SKEW);
    assertThat(skewed.field()).isEqualTo("time");
  }

  @Test
  void anEd25519SignedOutcomeIsAcceptedWithTheGatewaysPublicKeyOnly() throws Exception {
    var pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    CommandKeyRing publicOnly =
        CommandKeyRing.parse(
            "ed25519:" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
    String keyId = dev.vigil.schema.Ed25519Keys.keyId(pair.getPublic());
    EnforcementOutcome o = passed();
    var signer = java.security.Signature.getInstance("Ed25519");
    signer.initSign(pair.getPrivate());
    signer.update(OutcomeSignatures.canonical(o));
    o.setSignature(
        dev.vigil.schema.CommandSignature.newBuilder()
            .setKeyId(keyId)
            .setAlgorithm(OutcomeSignatures.ED25519)
            .setValue(ByteBuffer.wrap(signer.sign()))
            .build());
    var decoder = new AvroOutcomeDecoder(IngestLimits.defaults(), publicOnly);
    assertThat(decoder.decode(bytes(o), NOW).accepted()).isTrue();
    o.setFactor("sms");
    assertThat(decoder.decode(bytes(o), NOW).reason()).isEqualTo(DeadLetterReason.BAD_VALUE);
  }
}
