package dev.vigil.schema;

import static dev.vigil.schema.CommandAuthenticatorTest.KEY_A;
import static dev.vigil.schema.CommandAuthenticatorTest.KEY_B;
import static dev.vigil.schema.CommandAuthenticatorTest.kill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schema.CommandVerifier.Verdict;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandVerifierTest {
  private static final long ISSUED = 1_764_400_000_000L;
  private static final long NOW = ISSUED + 1_000;

  @TempDir Path dir;

  private static KeyPair pair() throws Exception {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  private static String line(KeyPair pair) {
    return "ed25519:" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
  }

  private static SessionCommand command(String id) {
    SessionCommand c = kill();
    c.setCommandId(id);
    return c;
  }

  @Test
  void anEd25519SignedCommandIsValidOnceAndReplayedAfter() throws Exception {
    KeyPair pair = pair();
    CommandVerifier verifier = new CommandVerifier(CommandKeyRing.parse(line(pair)));
    SessionCommand signed = new Ed25519CommandSigner(pair.getPrivate()).sign(command("cmd-1"));

    assertThat(signed.getSignature().getAlgorithm()).isEqualTo("Ed25519-v4");
    assertThat(signed.getSignature().getKeyId()).isEqualTo(Ed25519Keys.keyId(pair.getPublic()));
    assertThat(verifier.verify(signed, NOW)).isEqualTo(Verdict.VALID);
    assertThat(verifier.verify(signed, NOW + 10)).isEqualTo(Verdict.REPLAYED);
    assertThat(verifier.ring().verifyOnly()).as("a public-key ring cannot mint").isTrue();
  }

  @Test
  void anUnsignedCommandHasNoSignature() {
    CommandVerifier verifier = new CommandVerifier(CommandKeyRing.parse("k1:" + KEY_A));

    assertThat(verifier.verify(command("cmd-1"), NOW)).isEqualTo(Verdict.NO_SIGNATURE);
  }

  @Test
  void aKeyOutsideTheRingIsUnknown() throws Exception {
    CommandVerifier verifier = new CommandVerifier(CommandKeyRing.parse("k1:" + KEY_A));

    assertThat(verifier.verify(CommandAuthenticator.parse("k2:" + KEY_B).sign(command("a")), NOW))
        .isEqualTo(Verdict.UNKNOWN_KEY);
    assertThat(
            verifier.verify(new Ed25519CommandSigner(pair().getPrivate()).sign(command("b")), NOW))
        .isEqualTo(Verdict.UNKNOWN_KEY);
  }

  @Test
  void aTamperedOrForeignSignatureIsBad() throws Exception {
    KeyPair pair = pair();
    CommandVerifier verifier =
        new CommandVerifier(CommandKeyRing.parse("k1:" + KEY_A + "\n" + line(pair)));

    SessionCommand widened = new Ed25519CommandSigner(pair.getPrivate()).sign(command("a"));
    widened.setExpiresAt(widened.getExpiresAt() + 86_400_000);
    assertThat(verifier.verify(widened, NOW)).isEqualTo(Verdict.BAD_SIGNATURE);

    SessionCommand zeroed = CommandAuthenticator.parse("k1:" + KEY_A).sign(command("b"));
    zeroed.getSignature().setValue(ByteBuffer.wrap(new byte[32]));
    assertThat(verifier.verify(zeroed, NOW)).isEqualTo(Verdict.BAD_SIGNATURE);

    // Algorithm confusion: an HMAC keyed with the (public) Ed25519 key, under that key's id.
    SessionCommand confused = command("c");
    String edId = Ed25519Keys.keyId(pair.getPublic());
    byte[] mac =
        CommandAuthenticator.mac(
            Ed25519Keys.raw(pair.getPublic()), CommandAuthenticator.canonicalV3(confused));
    confused.setSignature(
        CommandSignature.newBuilder()
            .setKeyId(edId)
            .setAlgorithm("HmacSHA256-v3")
            .setValue(ByteBuffer.wrap(mac))
            .build());
    assertThat(verifier.verify(confused, NOW)).isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(verifier.replayCacheSize()).as("nothing invalid is cached").isZero();
  }

  @Test
  void aCommandThatExpiredIn1970IsExpired() {
    CommandAuthenticator auth = CommandAuthenticator.parse("k1:" + KEY_A);
    CommandVerifier verifier = new CommandVerifier(auth.ring());
    SessionCommand old = command("cmd-1970");
    old.setIssuedAt(0L);
    old.setExpiresAt(60_000L);

    assertThat(verifier.verify(auth.sign(old), NOW)).isEqualTo(Verdict.EXPIRED);
  }

  @Test
  void expiryAllowsTheStatedClockSkewAndNoMore() {
    CommandAuthenticator auth = CommandAuthenticator.parse("k1:" + KEY_A);
    CommandVerifier verifier = new CommandVerifier(auth.ring(), 10, 5_000);
    SessionCommand c = auth.sign(command("cmd-1"));
    long expires = c.getExpiresAt();

    assertThat(verifier.verify(c, expires + 5_001)).isEqualTo(Verdict.EXPIRED);
    assertThat(verifier.verify(c, expires + 5_000)).isEqualTo(Verdict.VALID);
    assertThat(CommandVerifier.DEFAULT_CLOCK_SKEW_MILLIS).isEqualTo(5_000);
  }

  @Test
  void legacyAndVersion3HmacSignaturesBothVerify() {
    CommandAuthenticator auth = CommandAuthenticator.parse("k1:" + KEY_A);
    CommandVerifier verifier = new CommandVerifier(auth.ring());

    assertThat(verifier.verify(auth.sign(command("a")), NOW)).isEqualTo(Verdict.VALID);
    assertThat(verifier.verify(auth.legacyForm().sign(command("b")), NOW)).isEqualTo(Verdict.VALID);
  }

  @Test
  void theReplayCacheIsBoundedAndDropsExpiredIds() {
    CommandAuthenticator auth = CommandAuthenticator.parse("k1:" + KEY_A);
    CommandVerifier verifier = new CommandVerifier(auth.ring(), 3, 0);
    SessionCommand first = auth.sign(command("c0"));
    verifier.verify(first, NOW);
    for (int i = 1; i <= 3; i++) {
      assertThat(verifier.verify(auth.sign(command("c" + i)), NOW)).isEqualTo(Verdict.VALID);
    }

    assertThat(verifier.replayCacheSize()).isEqualTo(3);
    assertThat(verifier.verify(first, NOW))
        .as("evicted when full (the stated bound): accepted again")
        .isEqualTo(Verdict.VALID);

    SessionCommand late = auth.sign(command("c9"));
    late.setExpiresAt(NOW + 120_000);
    auth.sign(late);
    assertThat(verifier.verify(late, NOW + 61_000)).isEqualTo(Verdict.VALID);
    assertThat(verifier.replayCacheSize()).as("the expired ids are gone").isEqualTo(1);
  }

  @Test
  void theRingReloadsWhenItsFileChangesAndKeepsTheOldOneOnABadFile() throws Exception {
    KeyPair oldPair = pair();
    KeyPair newPair = pair();
    Path ring = dir.resolve("command-keys.pub");
    Files.writeString(ring, line(oldPair) + "\n");
    Files.setPosixFilePermissions(ring, PosixFilePermissions.fromString("rw-r--r--"));
    CommandVerifier verifier = CommandVerifier.watching(ring, 100, 5_000);
    SessionCommand byNew = new Ed25519CommandSigner(newPair.getPrivate()).sign(command("n1"));
    assertThat(verifier.verify(byNew, NOW)).isEqualTo(Verdict.UNKNOWN_KEY);

    Files.writeString(ring, line(newPair) + "\n" + line(oldPair) + "\n");
    Files.setLastModifiedTime(ring, FileTime.fromMillis(System.currentTimeMillis() + 2_000));
    assertThat(verifier.verify(byNew, NOW + 2_000))
        .as("picked up without restart")
        .isEqualTo(Verdict.VALID);

    Files.writeString(ring, "k1:" + Base64.getEncoder().encodeToString(new byte[32]));
    Files.setPosixFilePermissions(ring, PosixFilePermissions.fromString("rw-------"));
    assertThat(verifier.reload()).isFalse();
    assertThat(verifier.lastReloadError()).contains("not random").doesNotContain("AAAA");
    assertThat(verifier.ring().publicKeyIds()).contains(Ed25519Keys.keyId(newPair.getPublic()));
  }

  @Test
  void aRingFileOthersCanWriteOrASecretRingOthersCanReadIsRefused() throws Exception {
    Path pub = dir.resolve("public-ring");
    Files.writeString(pub, line(pair()));
    Files.setPosixFilePermissions(pub, PosixFilePermissions.fromString("rw-rw-r--"));
    assertThatThrownBy(() -> CommandVerifier.watching(pub, 10, 0))
        .hasMessageContaining("chmod 644");
    Files.setPosixFilePermissions(pub, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(CommandVerifier.watching(pub, 10, 0).ring().verifyOnly()).isTrue();

    Path secret = dir.resolve("hmac-ring");
    Files.writeString(secret, "k1:" + KEY_A);
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> CommandVerifier.watching(secret, 10, 0))
        .hasMessageContaining("chmod 600")
        .hasMessageNotContaining(KEY_A);
  }

  @Test
  void weakEd25519KeysAreRefused() {
    byte[] der = HexFormat.of().parseHex("302a300506032b6570032100" + "01" + "00".repeat(31));
    String b64 = Base64.getEncoder().encodeToString(der);

    assertThatThrownBy(() -> CommandKeyRing.parse("ed25519:" + b64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("small-order");
    assertThatThrownBy(() -> new CommandKeyRing(Map.of("k", new byte[40]), Map.of()))
        .hasMessageContaining("not random");
  }

  @Test
  void aPemPublicKeyFileIsARing() throws Exception {
    KeyPair pair = pair();
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";

    CommandKeyRing ring = CommandKeyRing.parse("# vigil command keys\n" + pem);

    assertThat(ring.publicKeyIds()).containsExactly(Ed25519Keys.keyId(pair.getPublic()));
  }
}
