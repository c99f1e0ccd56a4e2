package dev.vigil.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandKeyRing;
import dev.vigil.schema.CommandParameters;
import dev.vigil.schema.CommandSigner;
import dev.vigil.schema.CommandVerifier;
import dev.vigil.schema.SessionCommand;
import dev.vigil.signing.PublisherKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingCommandSignerTest {
  private static final String KEY_1 = "k1:JiFSH3xjnVO5S+rRewZ57YQV1UVhNmnjBU5soE3ID7Y=";
  private static final String KEY_2 = "k2:uEtawcObjRarT3N6HiC238Epapt5Odxw9irO8s9u++4=";

  @TempDir Path dir;

  private static SessionCommand command(String id) {
    return SessionCommand.newBuilder()
        .setCommandId(id)
        .setSessionId("s")
        .setAccountId("a")
        .setAction(CommandAction.KILL)
        .setParameters(CommandParameters.newBuilder().build())
        .setIssuedAt(1_000L)
        .setExpiresAt(61_000L)
        .setProbability(0.99)
        .setReasons(List.of())
        .setModelVersion("m")
        .setTriggerEventId("e")
        .build();
  }

  private Path secret(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    return p;
  }

  private static void touch(Path p, long plusMillis) throws Exception {
    Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() + plusMillis));
  }

  @Test
  void aRewrittenHmacRingSignsWithItsNewActiveKeyWithoutARestart() throws Exception {
    Path ring = secret("command-keys", KEY_1);
    AtomicLong now = new AtomicLong(0);
    RotatingCommandSigner signer =
        new RotatingCommandSigner(
            ring,
            () -> SigningKeys.commandSigner(null, null, ring.toString(), null, false),
            now::get);
    assertThat(signer.sign(command("c1")).getSignature().getKeyId()).isEqualTo("k1");

    Files.writeString(ring, KEY_2 + "\n" + KEY_1);
    touch(ring, 5_000);
    assertThat(signer.sign(command("c2")).getSignature().getKeyId())
        .as("not checked again before 10 s")
        .isEqualTo("k1");
    now.set(RotatingCommandSigner.CHECK_MILLIS);
    assertThat(signer.sign(command("c3")).getSignature().getKeyId()).isEqualTo("k2");

    Files.writeString(ring, "k3:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    touch(ring, 10_000);
    now.set(2 * RotatingCommandSigner.CHECK_MILLIS);
    assertThat(signer.sign(command("c4")).getSignature().getKeyId())
        .as("a weak key is refused and the previous key stays")
        .isEqualTo("k2");
    assertThat(signer.lastReloadError()).contains("not random").doesNotContain("AAAA");
  }

  @Test
  void aReplacedEd25519KeyFileSignsWithTheNewKey() throws Exception {
    PublisherKeys.generateInto(
        dir.resolve("old"), PublisherKeys.COMMAND_PRIVATE_FILE, PublisherKeys.COMMAND_PUBLIC_FILE);
    PublisherKeys.generateInto(
        dir.resolve("new"), PublisherKeys.COMMAND_PRIVATE_FILE, PublisherKeys.COMMAND_PUBLIC_FILE);
    Path key = dir.resolve("signing.key");
    Files.copy(dir.resolve("old").resolve(PublisherKeys.COMMAND_PRIVATE_FILE), key);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    AtomicLong now = new AtomicLong(0);
    CommandSigner signer =
        new RotatingCommandSigner(
            key,
            () -> SigningKeys.commandSigner(key.toString(), null, null, null, false),
            now::get);
    String oldId = signer.keyId();

    Files.copy(
        dir.resolve("new").resolve(PublisherKeys.COMMAND_PRIVATE_FILE),
        key,
        StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    touch(key, 5_000);
    now.set(RotatingCommandSigner.CHECK_MILLIS);
    SessionCommand signed = signer.sign(command("c1"));

    assertThat(signed.getSignature().getKeyId()).isNotEqualTo(oldId);
    CommandVerifier gateway =
        new CommandVerifier(
            CommandKeyRing.parse(
                Files.readString(dir.resolve("new").resolve(PublisherKeys.COMMAND_PUBLIC_FILE))
                    + Files.readString(
                        dir.resolve("old").resolve(PublisherKeys.COMMAND_PUBLIC_FILE))));
    assertThat(gateway.verify(signed, 2_000)).isEqualTo(CommandVerifier.Verdict.VALID);
  }

  @Test
  void noKeyFileMeansNoRotatingSigner() {
    assertThat(
            RotatingCommandSigner.of(
                null, "VIGIL_NO_SUCH_VAR_1", null, "VIGIL_NO_SUCH_VAR_2", false))
        .isNull();
  }
}
