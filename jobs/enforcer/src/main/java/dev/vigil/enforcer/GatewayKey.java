package dev.vigil.enforcer;

import dev.vigil.schema.CommandKeyRing;
import dev.vigil.schema.EnforcementOutcome;
import dev.vigil.schema.OutcomeSignatures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Set;

/**
 * The gateway's HMAC-SHA256 key for signing its outcomes ({@link OutcomeSignatures#signHmac}), one
 * line {@code keyId:base64secret} (the {@link CommandKeyRing} HMAC form, at least 32 bytes), from a
 * file that only its owner can read or from an environment variable. The key is never printed:
 * {@link #toString} and every error name only the key id or the file.
 */
public final class GatewayKey {
  /** The environment variable {@link #fromFileOrEnv} reads when no file is given. */
  public static final String ENV = "VIGIL_GATEWAY_KEY";

  private final String keyId;
  private final byte[] secret;

  private GatewayKey(String keyId, byte[] secret) {
    this.keyId = keyId;
    this.secret = secret;
  }

  /** Parses {@code keyId:base64secret}; {@code source} names where it came from in errors. */
  public static GatewayKey parse(String text, String source) {
    String line = text.strip();
    int colon = line.indexOf(':');
    byte[] secret = null;
    if (colon > 0 && line.indexOf('\n') < 0) {
      try {
        secret = Base64.getDecoder().decode(line.substring(colon + 1).strip());
      } catch (IllegalArgumentException e) {
        secret = null;
      }
    }
    if (secret == null) {
      throw new IllegalArgumentException(
          "the gateway key in "
              + source
              + " must be one line keyId:base64secret (an HMAC-SHA256 key of at least 32 bytes)");
    }
    String id = line.substring(0, colon).strip();
    try {
      CommandKeyRing.requireStrongSecret(id, secret);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the gateway key in " + source + ": " + e.getMessage());
    }
    return new GatewayKey(id, secret);
  }

  /**
   * The key from {@code file} when given (refused if other users may read it), else from the
   * environment variable {@link #ENV}; null when neither is set.
   */
  public static GatewayKey fromFileOrEnv(Path file) {
    if (file != null) {
      try {
        Set<PosixFilePermission> perms = posix(file);
        if (perms.contains(PosixFilePermission.GROUP_READ)
            || perms.contains(PosixFilePermission.OTHERS_READ)) {
          throw new IllegalArgumentException(
              "the gateway key file "
                  + file
                  + " is readable by other users; run chmod 600 "
                  + file);
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("the gateway key file " + file + " does not exist");
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read the gateway key file " + file + ": " + e.getClass().getSimpleName());
      }
    }
    String env = System.getenv(ENV);
    return env == null || env.isBlank() ? null : parse(env, "$" + ENV);
  }

  private static Set<PosixFilePermission> posix(Path file) throws IOException {
    try {
      return Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return Set.of();
    }
  }

  public String keyId() {
    return keyId;
  }

  /** Signs {@code outcome} in place and returns it. */
  EnforcementOutcome sign(EnforcementOutcome outcome) {
    return OutcomeSignatures.signHmac(outcome, keyId, secret);
  }

  @Override
  public String toString() {
    return "GatewayKey[" + keyId + "]";
  }
}
