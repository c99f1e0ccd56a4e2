package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.signing.PublisherKeys;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil keys generate} and the signing checks of {@code vigil publish-model}, no Kafka. */
class KeysAndPublishModelCommandTest {
  @TempDir Path dir;

  @Test
  void keysGenerateWritesAPrivateKeyOnlyTheOwnerCanReadAndAPublicKey() throws Exception {
    CliRun run = CliRun.of("keys", "generate", "--out", dir.resolve("k").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    Path priv = dir.resolve("k").resolve(PublisherKeys.PRIVATE_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(dir.resolve("k").resolve(PublisherKeys.PUBLIC_FILE)))
        .startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(run.out()).contains("key id ").contains("models.trusted-keys");

    CliRun again = CliRun.of("keys", "generate", "--out", dir.resolve("k").toString());
    assertThat(again.exitCode()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(again.err()).contains("already exists").doesNotContain("\tat ");
  }

  @Test
  void keysGenerateForCommandsWritesTheCommandSigningPair() throws Exception {
    CliRun run =
        CliRun.of("keys", "generate", "--for", "commands", "--out", dir.resolve("c").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    Path priv = dir.resolve("c").resolve(PublisherKeys.COMMAND_PRIVATE_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)))
        .isEqualTo("rw-------");
    assertThat(
            dev.vigil.schema.CommandKeyRing.parse(
                    Files.readString(dir.resolve("c").resolve(PublisherKeys.COMMAND_PUBLIC_FILE)))
                .verifyOnly())
        .isTrue();
    assertThat(run.out()).contains("commands.signing-key-file").doesNotContain("PRIVATE KEY");
  }

  @Test
  void publishingWithoutASigningKeyNamesTheFixWithoutAStackTrace() throws Exception {
    Path model = defaultModel();
    CliRun run = CliRun.of("publish-model", model.toString(), "--bootstrap-servers", "none:1");

    assertThat(run.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(run.err())
        .contains("--signing-key")
        .contains("vigil keys generate")
        .doesNotContain("\tat ");
  }

  @Test
  void aSigningKeyOthersCanReadIsRefused() throws Exception {
    PublisherKeys.generateInto(dir);
    Path priv = dir.resolve(PublisherKeys.PRIVATE_FILE);
    Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-r--r--"));

    CliRun run =
        CliRun.of(
            "publish-model",
            defaultModel().toString(),
            "--signing-key",
            priv.toString(),
            "--bootstrap-servers",
            "none:1");

    assertThat(run.exitCode()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(run.err()).contains("chmod 600").doesNotContain("\tat ");
  }

  private Path defaultModel() throws Exception {
    Path model = dir.resolve("model.json");
    try (InputStream in =
        dev.vigil.core.model.RiskModelLoader.class.getResourceAsStream(
            dev.vigil.core.model.RiskModelLoader.DEFAULT_RESOURCE)) {
      Files.write(model, in.readAllBytes());
    }
    return model;
  }
}
