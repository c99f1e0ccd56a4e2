package dev.vigil.schema;

import static dev.vigil.schema.CommandAuthenticatorTest.KEY_A;
import static dev.vigil.schema.CommandAuthenticatorTest.kill;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.CommandVerifier.Verdict;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The version 4 canonical form (schema version 5): it covers the trigger's event time, the
 * lateness, the per-session sequence and the step-up timeout, and an older signature cannot vouch
 * for a command that carries them.
 */
class CommandVersion4Test {
  private static final long ISSUED = 1_764_400_000_000L;

  /** A kill issued 1000 s after its event, 17th in its session's order. */
  static SessionCommand lateKill() {
    SessionCommand c = kill();
    c.setEventTime(ISSUED - 1_000_000);
    c.setLateBySeconds(1_000L);
    c.setSequence(17L);
    return c;
  }

  @Test
  void newHmacSignaturesCoverTheVersion4FormAsAnIndependentHmacComputesIt() {
    SessionCommand signed = CommandAuthenticator.parse("k1:" + KEY_A).sign(lateKill());

    assertThat(signed.getSignature().getAlgorithm()).isEqualTo("HmacSHA256-v4");
    // Computed outside Vigil: Python hmac.new(key, bytes, sha256) over the documented v4 bytes
    // (the v3 fields under "vigil-command-v4", then 1764399000000, 1000, 17 and an absent field).
    assertThat(HexFormat.of().formatHex(signed.getSignature().getValue().array()))
        .isEqualTo("945b57445f35f62513a370926d88db7c47fff2cbf43a63301315870487059741");
    assertThat(HexFormat.of().formatHex(CommandAuthenticator.canonicalV4(signed)))
        .startsWith("00000010" + HexFormat.of().formatHex("vigil-command-v4".getBytes()))
        .endsWith(
            "0000000d"
                + HexFormat.of().formatHex("1764399000000".getBytes())
                + "00000004"
                + HexFormat.of().formatHex("1000".getBytes())
                + "00000002"
                + HexFormat.of().formatHex("17".getBytes())
                + "ffffffff");
  }

  @Test
  void raisingTheSequenceOrTheStepUpTimeoutOfASignedCommandBreaksItsSignature() {
    CommandAuthenticator auth = CommandAuthenticator.parse("k1:" + KEY_A);
    CommandVerifier verifier = new CommandVerifier(auth.ring());

    SessionCommand reordered = auth.sign(lateKill());
    reordered.setSequence(Long.MAX_VALUE);
    SessionCommand patient = auth.sign(lateKill());
    patient.getParameters().setStepUpTimeoutSeconds(86_400L);
    SessionCommand backdated = auth.sign(lateKill());
    backdated.setEventTime(ISSUED);

    assertThat(verifier.verify(reordered, ISSUED)).isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(verifier.verify(patient, ISSUED)).isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(verifier.verify(backdated, ISSUED)).isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(verifier.verify(auth.sign(lateKill()), ISSUED)).isEqualTo(Verdict.VALID);
  }

  @Test
  void anOldSignatureVerifiesAnOldCommandButNotOneWithASequenceAddedAfterSigning()
      throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    CommandVerifier verifier =
        new CommandVerifier(
            CommandKeyRing.parse(
                "ed25519:" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())));
    SessionCommand old = kill();
    Signature ed = Signature.getInstance("Ed25519");
    ed.initSign(pair.getPrivate());
    ed.update(CommandAuthenticator.canonicalV3(old));
    old.setSignature(
        CommandSignature.newBuilder()
            .setKeyId(Ed25519Keys.keyId(pair.getPublic()))
            .setAlgorithm("Ed25519")
            .setValue(ByteBuffer.wrap(ed.sign()))
            .build());

    assertThat(verifier.verify(old, ISSUED))
        .as("a schema version 4 command")
        .isEqualTo(Verdict.VALID);
    SessionCommand sequenced = kill();
    sequenced.setSignature(old.getSignature());
    sequenced.setSequence(99L);
    assertThat(CommandAuthenticator.hasVersion5Fields(sequenced)).isTrue();
    assertThat(verifier.verify(sequenced, ISSUED)).isEqualTo(Verdict.BAD_SIGNATURE);
  }

  @Test
  void aLateCommandIsValidUntilItsExpiryCountedFromIssueNotFromItsEvent() {
    CommandAuthenticator auth = CommandAuthenticator.parse("k1:" + KEY_A);
    CommandVerifier verifier = new CommandVerifier(auth.ring(), 10, 0);
    SessionCommand late = auth.sign(lateKill()); // event 1000 s before issue, expires 60 s after

    assertThat(verifier.verify(late, ISSUED + 60_000)).isEqualTo(Verdict.VALID);
    SessionCommand copy = auth.sign(lateKill());
    copy.setCommandId("cmd-2");
    assertThat(verifier.verify(auth.sign(copy), ISSUED + 60_001)).isEqualTo(Verdict.EXPIRED);
  }
}
