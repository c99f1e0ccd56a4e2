package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.signing.PublisherKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that reads key material checks it before any Flink job or broker work: a key file
 * that is missing, a directory, readable by others or of the wrong kind is one line naming the
 * setting or option, the file and the fix (exit 1); a key the command needs and nobody configured
 * is a usage error (exit 2). The broker in these runs is a closed loopback port, so a check that
 * came after the broker would print the broker's message instead. No key bytes are ever printed.
 */
class KeyPreflightTest {
  private static final String CLOSED = "127.0.0.1:1";
  private static final String BROKER_MESSAGE = "no Kafka broker answered";

  @TempDir Path dir;
  private Path commandKey;
  private Path commandPub;
  private Path modelKey;
  private Path secret;
  private Path shortSecret;

  @BeforeEach
  void keys() throws IOException {
    PublisherKeys.generateInto(
        dir.resolve("c"), PublisherKeys.COMMAND_PRIVATE_FILE, PublisherKeys.COMMAND_PUBLIC_FILE);
    commandKey = dir.resolve("c").resolve(PublisherKeys.COMMAND_PRIVATE_FILE);
    commandPub = dir.resolve("c").resolve(PublisherKeys.COMMAND_PUBLIC_FILE);
    PublisherKeys.generateInto(dir.resolve("m"));
    modelKey = dir.resolve("m").resolve(PublisherKeys.PRIVATE_FILE);
    secret = privateFile("secret.b64", "k1:" + base64("a-random-enough-secret-of-32-by!"));
    shortSecret = privateFile("short.b64", base64("too-short"));
  }

  @Test
  void runWithoutACommandKeyIsAUsageErrorNamingVigilKeysGenerateBeforeTheBroker() {
    CliRun run = run();

    assertUsage(run, "the session risk job signs its commands and has no key");
    assertThat(run.err()).contains("vigil keys generate --for commands --out DIR");
  }

  @Test
  void runNamesEachMissingKeyFileWithItsSettingAndTheFixBeforeTheBroker() {
    Path missing = dir.resolve("nope.key");
    String signing = "commands.signing-key-file=" + commandKey;
    assertFailure(
        run("commands.signing-key-file=" + missing),
        "commands.signing-key-file: " + missing + " does not exist; create one with 'vigil keys");
    assertFailure(
        run("commands.key-file=" + missing),
        "commands.key-file: " + missing + " does not exist; give one line keyId:base64");
    assertFailure(
        run(signing, "caep.enabled=true", "caep.key-file=" + missing),
        "caep.key-file: " + missing + " does not exist; use base64 of at least 32 random bytes");
    assertFailure(
        run(signing, "models.trusted-keys=" + missing),
        "models.trusted-keys: " + missing + " does not exist; list the model-publisher.pub files");
    assertFailure(
        run(signing, "audit.pseudonymise=true", "audit.pseudonym-key-file=" + missing),
        "audit.pseudonym-key-file: " + missing + " does not exist; use base64 of at least 32");
    assertFailure(
        run(signing, "outcomes.keys-file=" + missing),
        "outcomes.keys-file: " + missing + " does not exist; list the gateways' public keys");
    assertFailure(
        run("commands.signing-key-file=" + dir),
        "commands.signing-key-file: " + dir + " is a directory, not a key file");
  }

  @Test
  void runNamesAKeyOfTheWrongKindWithoutPrintingIt() throws IOException {
    String signing = "commands.signing-key-file=" + commandKey;
    Path notBase64 = privateFile("caep.key", "this is not base64 at all!");
    Path garbageRing = privateFile("ring", "just one word");
    List<CliRun> runs =
        List.of(
            run("commands.signing-key-file=" + secret),
            run("commands.key-file=" + shortSecret),
            run(signing, "caep.enabled=true", "caep.key-file=" + notBase64),
            run(signing, "models.trusted-keys=" + modelKey),
            run(signing, "audit.pseudonymise=true", "audit.pseudonym-key-file=" + shortSecret),
            run(signing, "outcomes.enabled=true", "outcomes.keys-file=" + garbageRing));
    List<String> expected =
        List.of(
            "commands.signing-key-file (" + secret + "): ",
            "commands.key-file (" + shortSecret + "): ",
            "caep.key-file (" + notBase64 + "): the CAEP signing key is neither",
            "models.trusted-keys (" + modelKey + "): ",
            "audit.pseudonym-key-file (" + shortSecret + "): ",
            "outcomes.keys-file (" + garbageRing + "): a command key line must read");
    for (int i = 0; i < runs.size(); i++) {
      assertFailure(runs.get(i), expected.get(i));
      assertThat(runs.get(i).err())
          .doesNotContain(base64("a-random-enough-secret-of-32-by!"))
          .doesNotContain(base64("too-short"))
          .doesNotContain("this is not base64")
          .doesNotContain(Files.readString(modelKey).lines().skip(1).findFirst().orElseThrow());
    }
    assertThat(runs.get(0).err()).contains("is not an Ed25519 PKCS#8 private key");
  }

  @Test
  void aSecretKeyFileOthersCanReadIsRefusedWithTheChmodThatFixesIt() throws IOException {
    Files.setPosixFilePermissions(commandKey, PosixFilePermissions.fromString("rw-r--r--"));

    assertFailure(
        run("commands.signing-key-file=" + commandKey),
        "is readable by other users; run chmod 600 " + commandKey);
  }

  @Test
  void keysAJobSettingTurnsOnButNobodyConfiguredAreUsageErrors() {
    String signing = "commands.signing-key-file=" + commandKey;
    assertUsage(
        run(signing, "caep.enabled=true"), "caep.enabled=true and there is no CAEP signing key");
    assertUsage(
        run(signing, "audit.pseudonymise=true"),
        "audit.pseudonymise is true but there is no audit pseudonym key");
    assertUsage(
        run(signing, "outcomes.enabled=true"),
        "outcomes are verified but no gateway key ring is configured");
  }

  @Test
  void goodKeysPassAndRunGoesOnToTheBroker() throws IOException {
    Path pub = dir.resolve("m").resolve(PublisherKeys.PUBLIC_FILE);
    Path ring = privateFile("outcomes.ring", Files.readString(commandPub));

    CliRun run =
        run(
            "commands.signing-key-file=" + commandKey,
            "caep.enabled=true",
            "caep.key-file=" + secretOnly(),
            "models.trusted-keys=" + pub,
            "audit.pseudonymise=true",
            "audit.pseudonym-key-file=" + secretOnly(),
            "outcomes.keys-file=" + ring);

    assertFailure(run, BROKER_MESSAGE);
  }

  @Test
  void scoreChecksAConfiguredCommandKeyBeforeFlinkAndLeavesNoOutputFolder() throws IOException {
    Path input = Files.writeString(dir.resolve("in.jsonl"), "{}\n");
    Path out = dir.resolve("scored");

    CliRun run =
        CliRun.of(
            "score",
            "--input",
            input.toString(),
            "--out",
            out.toString(),
            "--set",
            "commands.key-file=" + shortSecret);

    assertFailure(run, "commands.key-file (" + shortSecret + "): a command key line must read");
    assertThat(out).doesNotExist();
  }

  @Test
  void enforceChecksItsCommandKeyRingAndGatewayKeyBeforeTheBroker() {
    Path missing = dir.resolve("ring.pub");
    assertFailure(
        enforce("--command-keys", missing.toString()),
        "--command-keys: " + missing + " does not exist; give the command-signing.pub");
    assertFailure(
        enforce("--command-keys", modelKey.toString()),
        "--command-keys (" + modelKey + "): a command key line must read");
    assertFailure(
        enforce(
            "--command-keys",
            commandPub.toString(),
            "--publish-outcomes",
            "--gateway-key",
            missing.toString()),
        "--gateway-key: " + missing + " does not exist; give one line keyId:base64");
    assertFailure(
        enforce(
            "--command-keys",
            commandPub.toString(),
            "--publish-outcomes",
            "--gateway-key",
            shortSecret.toString()),
        "--gateway-key (" + shortSecret + "): the gateway key in " + shortSecret);
    assertUsage(
        enforce("--command-keys", commandPub.toString(), "--publish-outcomes"),
        "--publish-outcomes needs the gateway's signing key");
    assertFailure(enforce("--command-keys", commandPub.toString()), BROKER_MESSAGE);
  }

  @Test
  void publishModelChecksItsSigningKeyBeforeTheBroker() throws IOException {
    Path model = Files.writeString(dir.resolve("model.json"), defaultModel());
    Path missing = dir.resolve("nope.key");
    assertFailure(
        publish(model, "--signing-key", missing.toString()),
        "--signing-key: " + missing + " does not exist; create one with 'vigil keys generate");
    assertFailure(
        publish(model, "--signing-key", commandPub.toString()),
        "--signing-key (" + commandPub + "): the model signing key");
    assertFailure(publish(model, "--signing-key", modelKey.toString()), BROKER_MESSAGE);
  }

  @Test
  void auditPseudonymChecksItsKeyAndNeverPrintsIt() {
    Path missing = dir.resolve("nope.b64");
    assertFailure(
        CliRun.of("audit", "pseudonym", "--key-file", missing.toString(), "a-1"),
        "--key-file: " + missing + " does not exist; use base64 of at least 32 random bytes");
    CliRun weak = CliRun.of("audit", "pseudonym", "--key-file", shortSecret.toString(), "a-1");
    assertFailure(weak, "--key-file (" + shortSecret + "): ");
    assertThat(weak.err()).doesNotContain(base64("too-short"));
    assertUsage(
        CliRun.of("audit", "pseudonym", "--key-env", "VIGIL_TEST_UNSET_VARIABLE", "a-1"),
        "a pseudonym needs the key but there is no audit pseudonym key: give --key-file FILE");
  }

  private CliRun run(String... settings) {
    List<String> args =
        new ArrayList<>(List.of("run", "--insecure", "-b", CLOSED, "--timeout", "1s"));
    for (String s : settings) {
      args.add("--set");
      args.add(s);
    }
    return CliRun.of(args.toArray(String[]::new));
  }

  private static CliRun enforce(String... args) {
    List<String> all = new ArrayList<>(List.of("enforce"));
    all.addAll(List.of(args));
    all.addAll(List.of("-b", CLOSED, "--timeout", "1s"));
    return CliRun.of(all.toArray(String[]::new));
  }

  private static CliRun publish(Path model, String... args) {
    List<String> all = new ArrayList<>(List.of("publish-model", model.toString()));
    all.addAll(List.of(args));
    all.addAll(List.of("-b", CLOSED, "--timeout", "1s"));
    return CliRun.of(all.toArray(String[]::new));
  }

  private static String defaultModel() throws IOException {
    try (var in =
        dev.vigil.core.model.RiskModelLoader.class.getResourceAsStream(
            dev.vigil.core.model.RiskModelLoader.DEFAULT_RESOURCE)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private Path secretOnly() throws IOException {
    return privateFile("plain-secret.b64", base64("a-random-enough-secret-of-32-by!"));
  }

  private Path privateFile(String name, String text) throws IOException {
    Path f = Files.writeString(dir.resolve(name), text + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static void assertUsage(CliRun run, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(VigilCli.EXIT_USAGE);
    assertOneLine(run, message);
  }

  static void assertFailure(CliRun run, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertOneLine(run, message);
  }

  private static void assertOneLine(CliRun run, String message) {
    assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
    assertThat(run.err()).startsWith("vigil: ").contains(message).doesNotContain("\tat ");
  }
}
