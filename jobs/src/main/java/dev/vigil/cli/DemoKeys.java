package dev.vigil.cli;

import dev.vigil.signing.PublisherKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The demo's own keys, fresh for each run in its work folder: an Ed25519 command-signing key
 * (gateways would hold only {@code command-signing.pub}), a CAEP key, and a model publisher key the
 * demo job trusts ('vigil publish-model --signing-key' with it reaches the demo job; anything
 * unsigned or signed by another key is refused), and the demo gateway's outcome key (HMAC, {@code
 * keyId:base64}: the gateway signs its outcomes with it and the demo job verifies them with the
 * same file as its key ring). The private ones live only while the demo runs: {@link DemoShutdown}
 * deletes them at the end, on Ctrl-C and on SIGTERM.
 *
 * @param commandPrivate the command-signing private key file
 * @param caepKey the CAEP signing key file
 * @param publisherPublic the trusted model publisher's public key file
 * @param commandPublic the command key ring a gateway verifies with
 * @param gatewayKey the demo gateway's outcome signing key file (a secret, mode 600)
 * @param secrets every private key file, deleted by {@link #deleteSecrets}
 */
record DemoKeys(
    Path commandPrivate,
    Path caepKey,
    Path publisherPublic,
    Path commandPublic,
    Path gatewayKey,
    List<Path> secrets) {

  static DemoKeys create(Path work) throws IOException {
    Path commands = work.resolve("command-signing");
    PublisherKeys.generateInto(
        commands, PublisherKeys.COMMAND_PRIVATE_FILE, PublisherKeys.COMMAND_PUBLIC_FILE);
    byte[] caep = new byte[32];
    new SecureRandom().nextBytes(caep);
    Path caepKey = secret(work.resolve("caep-key"), Base64.getEncoder().encodeToString(caep));
    Path publisher = work.resolve("model-publisher");
    PublisherKeys.generateInto(publisher);
    byte[] gateway = new byte[32];
    new SecureRandom().nextBytes(gateway);
    Path gatewayKey =
        secret(
            work.resolve("gateway-key"),
            "demo-gateway:" + Base64.getEncoder().encodeToString(gateway));
    Path commandPrivate = commands.resolve(PublisherKeys.COMMAND_PRIVATE_FILE);
    return new DemoKeys(
        commandPrivate,
        caepKey,
        publisher.resolve(PublisherKeys.PUBLIC_FILE),
        commands.resolve(PublisherKeys.COMMAND_PUBLIC_FILE),
        gatewayKey,
        List.of(
            commandPrivate, caepKey, publisher.resolve(PublisherKeys.PRIVATE_FILE), gatewayKey));
  }

  /** Best effort: the folder is the owner's only (mode 700). */
  void deleteSecrets() {
    for (Path p : secrets) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // left for the owner; nobody else can read it
      }
    }
  }

  private static Path secret(Path file, String content) throws IOException {
    // Created with mode 600, so the secret is never readable by others, even for an instant.
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content);
    return file;
  }
}
