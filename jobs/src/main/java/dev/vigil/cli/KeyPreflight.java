package dev.vigil.cli;

import dev.vigil.audit.Pseudonymiser;
import dev.vigil.enforce.Secrets;
import dev.vigil.enforce.SigningKeys;
import dev.vigil.enforcer.GatewayKey;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.outcome.OutcomeSettings;
import dev.vigil.schema.CommandKeyRing;
import dev.vigil.signing.PublisherKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.function.Supplier;

/**
 * The key material a command reads, checked before any Flink job or Kafka client starts: each key
 * file is present, a readable regular file (and private, where it holds a secret), and parses as
 * the kind of key its setting names, with the same parsers the job and the gateways use, so what
 * passes here is what they accept. A key given in an environment variable is parsed too. A failing
 * check is one line: the setting or option, the file (or the variable's name), the problem and the
 * fix; exit 1 ({@link IllegalArgumentException}), or exit 2 ({@link Preflight.Usage}) when a key
 * the command needs is not configured at all. Messages never hold key bytes: the parsers name only
 * the file, the variable or a key id.
 *
 * <p>Key kinds: command signing, Ed25519 PKCS#8 (RFC 8032, {@code vigil keys generate --for
 * commands}) or an HMAC key ring ({@link CommandKeyRing}, secrets of 32+ bytes); CAEP, HS256 secret
 * or ES256 PKCS#8 PEM (RFC 7518, section 3); model publisher, Ed25519 (X.509 public, PKCS#8
 * private); audit pseudonyms, base64 of 32+ bytes ({@link Pseudonymiser#MIN_KEY_BYTES}); gateway
 * outcomes, a {@link CommandKeyRing} and one {@code keyId:base64} line ({@link GatewayKey}).
 */
final class KeyPreflight {
  static final String COMMAND_KEY_FIX =
      "create one with 'vigil keys generate --for commands --out DIR' and set"
          + " commands.signing-key-file=DIR/"
          + PublisherKeys.COMMAND_PRIVATE_FILE;
  static final String RANDOM_SECRET_FIX =
      "use base64 of at least 32 random bytes (e.g. openssl rand -base64 32 > FILE; chmod 600 FILE)";

  private KeyPreflight() {}

  /**
   * Every key the streaming session risk job reads ({@code vigil run}): the command signer (which
   * it requires unless {@code commands.require-signature=false}), the CAEP key when CAEP is on, the
   * trusted model keys, the audit pseudonym key when pseudonymising, and the gateways' outcome key
   * ring when outcomes are read and verified.
   */
  static void riskJob(JobConfig cfg) {
    commandSigner(cfg, cfg.bool("commands.require-signature"));
    if (cfg.bool("caep.enabled")) {
      caepKey(cfg);
    }
    trustedModelKeys(cfg);
    pseudonymKey(cfg);
    outcomeKeys(cfg);
  }

  /**
   * The keys a backtest ({@code vigil score}) reads: a command signer only when one is configured
   * (its commands go to a file), the trusted model keys and the pseudonym key; no CAEP, no
   * outcomes.
   */
  static void backtest(JobConfig cfg) {
    commandSigner(cfg, false);
    trustedModelKeys(cfg);
    pseudonymKey(cfg);
  }

  /** The command signer in force: the Ed25519 key when configured (it wins), else the HMAC ring. */
  static void commandSigner(JobConfig cfg, boolean required) {
    String signingFile = cfg.optional("commands.signing-key-file");
    String signingEnv = cfg.optional("commands.signing-key-env");
    if (configured(signingFile, signingEnv)) {
      check(
          "commands.signing-key-file",
          signingFile,
          signingEnv,
          COMMAND_KEY_FIX,
          () -> PublisherKeys.readPrivate(signingFile, signingEnv, "command signing key"));
      return;
    }
    String ringFile = cfg.optional("commands.key-file");
    String ringEnv = cfg.optional("commands.key-env");
    if (configured(ringFile, ringEnv)) {
      check(
          "commands.key-file",
          ringFile,
          ringEnv,
          "give one line keyId:base64 per key; " + RANDOM_SECRET_FIX,
          () -> SigningKeys.commandAuthenticator(ringFile, ringEnv));
      return;
    }
    if (required) {
      throw new Preflight.Usage(
          "the session risk job signs its commands and has no key: "
              + COMMAND_KEY_FIX
              + " (--set or --config), or set "
              + signingEnv
              + ", or commands.key-file for an HMAC ring");
    }
  }

  static void caepKey(JobConfig cfg) {
    String file = cfg.optional("caep.key-file");
    String env = cfg.optional("caep.key-env");
    if (!configured(file, env)) {
      throw new Preflight.Usage(
          "caep.enabled=true and there is no CAEP signing key: set caep.key-file (or "
              + env
              + ") to a base64 secret of 32+ bytes or a PKCS#8 PEM P-256 key, or caep.enabled=false");
    }
    check(
        "caep.key-file",
        file,
        env,
        RANDOM_SECRET_FIX + ", or a PKCS#8 PEM P-256 key",
        () -> SigningKeys.caepSigner(file, env));
  }

  /** Each file of {@code models.trusted-keys} holds Ed25519 public keys. */
  static void trustedModelKeys(JobConfig cfg) {
    String files = cfg.optional("models.trusted-keys");
    if (files == null) {
      return;
    }
    for (String f : files.split(",")) {
      if (!f.isBlank()) {
        Path p = Path.of(f.strip());
        check(
            "models.trusted-keys",
            p.toString(),
            null,
            "list the " + PublisherKeys.PUBLIC_FILE + " files of 'vigil keys generate'",
            () -> PublisherKeys.readPublic(p));
      }
    }
  }

  static void pseudonymKey(JobConfig cfg) {
    if (cfg.bool("audit.pseudonymise")) {
      pseudonymKey(
          cfg.optional("audit.pseudonym-key-file"),
          cfg.optional("audit.pseudonym-key-env"),
          "audit.pseudonym-key-file",
          "audit.pseudonymise is true");
    }
  }

  /**
   * The audit pseudonym key from {@code file} (named by {@code setting}) or the variable {@code
   * env}; {@code why} says why it is needed when neither is set.
   */
  static Pseudonymiser pseudonymKey(String file, String env, String setting, String why) {
    if (!configured(file, env)) {
      throw new Preflight.Usage(
          why
              + " but there is no audit pseudonym key: give "
              + setting
              + " FILE or set "
              + env
              + " (the job's key; a new one is "
              + RANDOM_SECRET_FIX.substring("use ".length())
              + ")");
    }
    return check(
        setting,
        file,
        env,
        RANDOM_SECRET_FIX,
        () -> Pseudonymiser.fromBase64(Secrets.read(file, env, "audit pseudonym key")));
  }

  /** The gateways' key ring, when the job reads outcomes and verifies them. */
  static void outcomeKeys(JobConfig cfg) {
    OutcomeSettings o = OutcomeSettings.from(cfg);
    if (o.enabled().equals("false") || !o.requireSignature()) {
      return;
    }
    if (!o.hasKeys()) {
      if (o.enabled().equals("true")) {
        throw new Preflight.Usage(o.missingKeys());
      }
      return; // auto: the job runs without outcomes and says why
    }
    check(
        "outcomes.keys-file",
        o.keyFile(),
        o.keyEnv(),
        "list the gateways' public keys (ed25519:base64 or PEM) or keyId:base64 HMAC lines",
        o::keyRing);
  }

  /** {@code vigil enforce --command-keys}: the ring the gateway verifies commands with. */
  static void commandKeyRing(Path file, String option) {
    check(
        option,
        file.toString(),
        null,
        "give the "
            + PublisherKeys.COMMAND_PUBLIC_FILE
            + " of 'vigil keys generate --for commands' or the job's commands.key-file",
        () ->
            CommandKeyRing.parse(
                new String(readAll(file, "command key ring"), StandardCharsets.UTF_8)));
  }

  /** {@code --gateway-key FILE} or {@code $VIGIL_GATEWAY_KEY}; null when neither is set. */
  static GatewayKey gatewayKey(Path file) {
    return check(
        "--gateway-key",
        file == null ? null : file.toString(),
        GatewayKey.ENV,
        "give one line keyId:base64 (" + RANDOM_SECRET_FIX.substring("use ".length()) + ")",
        () -> GatewayKey.fromFileOrEnv(file));
  }

  /** The model publisher's private key from {@code file} or {@code env}; null when neither. */
  static PrivateKey modelSigningKey(Path file, String env) {
    String f = file == null ? null : file.toString();
    return check(
        "--signing-key",
        f,
        env,
        "create one with 'vigil keys generate --out DIR' (DIR/" + PublisherKeys.PRIVATE_FILE + ")",
        () -> PublisherKeys.readPrivate(f, env, "model signing key"));
  }

  private static boolean configured(String file, String env) {
    if (file != null && !file.isBlank()) {
      return true;
    }
    String v = env == null || env.isBlank() ? null : System.getenv(env);
    return v != null && !v.isBlank();
  }

  /**
   * Checks that {@code file} (when given) is a readable regular file, then runs {@code parse}; its
   * failure becomes one line prefixed by {@code setting} and the source, with {@code fix} appended
   * unless the parser's message names a fix already (after a ';').
   */
  private static <T> T check(
      String setting, String file, String env, String fix, Supplier<T> parse) {
    boolean fromFile = file != null && !file.isBlank();
    String source = fromFile ? file : "$" + env;
    if (fromFile) {
      Path p = Path.of(file);
      if (Files.isDirectory(p)) {
        throw problem(setting, source, "is a directory, not a key file", fix);
      }
      if (!Files.exists(p)) {
        throw problem(setting, source, "does not exist", fix);
      }
      if (!Files.isReadable(p)) {
        throw problem(setting, source, "cannot be read (permissions)", "check the file's owner");
      }
    }
    try {
      return parse.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new IllegalArgumentException(
          setting + " (" + source + "): " + message + (message.contains(";") ? "" : "; " + fix));
    }
  }

  private static IllegalArgumentException problem(
      String setting, String source, String what, String fix) {
    return new IllegalArgumentException(setting + ": " + source + " " + what + "; " + fix);
  }

  private static byte[] readAll(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "cannot read the " + what + " file " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }
}
