package dev.vigil.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.signing.ModelVerdict.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Canonical form, Ed25519 sign and verify, tampering, trust and weak keys. */
class ModelSignatureTest {
  private static final byte[] MODEL = "{\"modelVersion\":\"m1\"}".getBytes(StandardCharsets.UTF_8);
  private static final long AT = 1_790_000_000_000L;
  private static final KeyPair PUBLISHER = PublisherKeys.generate();

  @TempDir Path dir;

  @Test
  void theCanonicalFormIsLengthPrefixedSoFieldSplitsDiffer() {
    byte[] c = ModelSignature.canonical("active", AT, MODEL);
    // 4 + 14 (domain) + 4 + 6 (slot) + 4 + 8 (time) + 4 + model
    assertThat(c).hasSize(4 + 14 + 4 + 6 + 4 + 8 + 4 + MODEL.length);
    assertThat(HexFormat.of().formatHex(c, 0, 18))
        .isEqualTo("0000000e" + HexFormat.of().formatHex("vigil-model-v1".getBytes()));
    // Moving a byte from the slot into the model must change the signed bytes.
    assertThat(ModelSignature.canonical("ab", AT, "c".getBytes()))
        .isNotEqualTo(ModelSignature.canonical("a", AT, "bc".getBytes()));
    assertThat(ModelSignature.canonical("shadow", AT, null))
        .isEqualTo(ModelSignature.canonical("shadow", AT, new byte[0]));
  }

  @Test
  void aSignatureVerifiesOnlyForTheSameSlotTimeAndBytes() {
    byte[] sig = ModelSignature.sign(PUBLISHER.getPrivate(), "active", AT, MODEL);
    assertThat(sig).hasSize(64);
    var pub = PUBLISHER.getPublic();
    assertThat(ModelSignature.verify(pub, sig, "active", AT, MODEL)).isTrue();
    assertThat(ModelSignature.verify(pub, sig, "shadow", AT, MODEL)).isFalse();
    assertThat(ModelSignature.verify(pub, sig, "active", AT + 1, MODEL)).isFalse();
    byte[] tampered = MODEL.clone();
    tampered[3] ^= 1;
    assertThat(ModelSignature.verify(pub, sig, "active", AT, tampered)).isFalse();
    byte[] badSig = sig.clone();
    badSig[10] ^= 1;
    assertThat(ModelSignature.verify(pub, badSig, "active", AT, MODEL)).isFalse();
    assertThat(ModelSignature.verify(pub, new byte[3], "active", AT, MODEL)).isFalse();
    assertThat(ModelSignature.verify(pub, null, "active", AT, MODEL)).isFalse();
    KeyPair other = PublisherKeys.generate();
    assertThat(ModelSignature.verify(other.getPublic(), sig, "active", AT, MODEL)).isFalse();
  }

  @Test
  void theGateAcceptsOnlyValidSignaturesByTrustedKeys() {
    ModelGate gate = new ModelGate(TrustedKeys.of(PUBLISHER.getPublic()), false);
    String id = PublisherKeys.keyId(PUBLISHER.getPublic());
    String sig = b64(ModelSignature.sign(PUBLISHER.getPrivate(), "active", AT, MODEL));

    ModelVerdict ok = gate.check("active", MODEL, sig, id, Long.toString(AT));
    assertThat(ok.result()).isEqualTo(Result.SIGNED);
    assertThat(ok.accepted()).isTrue();
    assertThat(ok.keyId()).isEqualTo(id).hasSize(16);
    assertThat(ok.signedAtMillis()).isEqualTo(AT);

    assertThat(gate.check("active", MODEL, null, null, null).result()).isEqualTo(Result.UNSIGNED);
    assertThat(gate.check("shadow", MODEL, sig, id, Long.toString(AT)).result())
        .isEqualTo(Result.BAD_SIGNATURE);
    assertThat(gate.check("active", MODEL, sig, id, Long.toString(AT + 1)).result())
        .isEqualTo(Result.BAD_SIGNATURE);
    assertThat(gate.check("active", MODEL, sig, id, "yesterday").result())
        .isEqualTo(Result.BAD_SIGNATURE);
    assertThat(gate.check("active", MODEL, "not base64!", id, Long.toString(AT)).result())
        .isEqualTo(Result.BAD_SIGNATURE);
    assertThat(gate.check("active", MODEL, sig, null, null).result())
        .isEqualTo(Result.BAD_SIGNATURE);
    assertThat(gate.check(null, MODEL, sig, id, Long.toString(AT)).result())
        .isEqualTo(Result.BAD_SIGNATURE);

    KeyPair attacker = PublisherKeys.generate();
    String attackerId = PublisherKeys.keyId(attacker.getPublic());
    String attackerSig = b64(ModelSignature.sign(attacker.getPrivate(), "active", AT, MODEL));
    ModelVerdict untrusted = gate.check("active", MODEL, attackerSig, attackerId, "" + AT);
    assertThat(untrusted.result()).isEqualTo(Result.UNTRUSTED_KEY);
    assertThat(untrusted.accepted()).isFalse();
    assertThat(untrusted.message()).contains(attackerId).contains("models.trusted-keys");
    // Naming a trusted key id does not help a signature by another key.
    assertThat(gate.check("active", MODEL, attackerSig, id, "" + AT).result())
        .isEqualTo(Result.BAD_SIGNATURE);
  }

  @Test
  void aRecordNotSignedAfterTheOneInForceIsStale() {
    ModelGate gate = new ModelGate(TrustedKeys.of(PUBLISHER.getPublic()), false);
    String id = PublisherKeys.keyId(PUBLISHER.getPublic());
    String sig = b64(ModelSignature.sign(PUBLISHER.getPrivate(), "active", AT, MODEL));

    assertThat(gate.check("active", MODEL, sig, id, "" + AT, AT - 1).result())
        .isEqualTo(Result.SIGNED);
    assertThat(gate.check("active", MODEL, sig, id, "" + AT, AT).result()).isEqualTo(Result.STALE);
    ModelVerdict stale = gate.check("active", MODEL, sig, id, "" + AT, AT + 60_000);
    assertThat(stale.result()).isEqualTo(Result.STALE);
    assertThat(stale.accepted()).isFalse();
    assertThat(stale.message()).contains("sign it anew");
  }

  @Test
  void allowUnsignedLetsUnsignedRecordsThroughButNeverBadSignatures() {
    ModelGate gate = new ModelGate(TrustedKeys.none(), true);
    assertThat(gate.check("active", MODEL, null, null, null).result())
        .isEqualTo(Result.UNSIGNED_ALLOWED);
    KeyPair attacker = PublisherKeys.generate();
    String sig = b64(ModelSignature.sign(attacker.getPrivate(), "active", AT, MODEL));
    assertThat(
            gate.check("active", MODEL, sig, PublisherKeys.keyId(attacker.getPublic()), "" + AT)
                .accepted())
        .isFalse();
  }

  @Test
  void weakPublicKeysAreRefused() {
    String[] weak = {
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0100000000000000000000000000000000000000000000000000000000000000",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
      "0000000000000000000000000000000000000000000000000000000000000080"
    };
    for (String w : weak) {
      byte[] der = HexFormat.of().parseHex("302a300506032b6570032100" + w);
      assertThatThrownBy(() -> PublisherKeys.fromX509(der))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("weak");
    }
    assertThat(PublisherKeys.fromX509(PUBLISHER.getPublic().getEncoded()))
        .isEqualTo(PUBLISHER.getPublic());
  }

  @Test
  void generatedKeyFilesRoundTripWithSafePermissions() throws Exception {
    var pub = PublisherKeys.generateInto(dir);
    Path priv = dir.resolve(PublisherKeys.PRIVATE_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)))
        .isEqualTo("rw-------");
    assertThat(PublisherKeys.publicOf(PublisherKeys.readPrivate(priv))).isEqualTo(pub);
    var trusted = TrustedKeys.load(dir.resolve(PublisherKeys.PUBLIC_FILE).toString());
    assertThat(trusted.ids()).containsExactly(PublisherKeys.keyId(pub));
    byte[] sig = ModelSignature.sign(PublisherKeys.readPrivate(priv), "active", AT, MODEL);
    assertThat(ModelSignature.verify(pub, sig, "active", AT, MODEL)).isTrue();
    assertThatThrownBy(() -> PublisherKeys.generateInto(dir))
        .hasMessageContaining("already exists");
  }

  @Test
  void keyFilesWithLoosePermissionsOrNoKeyAreRefused() throws Exception {
    PublisherKeys.generateInto(dir);
    Path priv = dir.resolve(PublisherKeys.PRIVATE_FILE);
    Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> PublisherKeys.readPrivate(priv))
        .hasMessageContaining("readable by other users")
        .hasMessageContaining("chmod 600");
    Path pub = dir.resolve(PublisherKeys.PUBLIC_FILE);
    Files.setPosixFilePermissions(pub, PosixFilePermissions.fromString("rw-rw-rw-"));
    assertThatThrownBy(() -> TrustedKeys.load(pub.toString()))
        .hasMessageContaining("writable by other users");
    Path empty = Files.writeString(dir.resolve("empty.pub"), "\n");
    assertThatThrownBy(() -> TrustedKeys.load(empty.toString())).hasMessageContaining("no key");
    assertThatThrownBy(() -> TrustedKeys.load(dir.resolve("missing.pub").toString()))
        .hasMessageContaining("does not exist");
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
