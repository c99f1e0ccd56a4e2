package dev.vigil.schema;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates {@link SessionCommand}s between Vigil and the gateways with HMAC-SHA256 (RFC 2104)
 * over a canonical text form, so that a gateway in any language can verify a command without
 * re-encoding Avro.
 *
 * <p>The canonical form (version 1) is these lines joined by {@code \n}, with an absent value
 * written as the empty string and numbers in Java's {@code toString} form:
 *
 * <pre>
 * vigil-command-v1
 * commandId
 * sessionId
 * accountId
 * action
 * parameters.absoluteTimeoutSeconds
 * parameters.idleTimeoutSeconds
 * parameters.requestsPerSecond
 * parameters.burst
 * issuedAt
 * expiresAt
 * triggerEventId
 * </pre>
 *
 * The probability, reasons and model version are informational and not covered: a gateway acts only
 * on the covered fields. Keys rotate: a verifier holds a key ring by key id, a signer one active
 * key. Verification compares in constant time.
 */
public final class CommandAuthenticator {
  public static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_KEY_BYTES = 32;

  private final String activeKeyId;
  private final Map<String, byte[]> keys;

  /**
   * @param activeKeyId the key that signs
   * @param keys every key that may verify, by id (include the active one)
   */
  public CommandAuthenticator(String activeKeyId, Map<String, byte[]> keys) {
    if (!keys.containsKey(activeKeyId)) {
      throw new IllegalArgumentException(
          "the active command key '" + activeKeyId + "' is not in the key ring");
    }
    for (Map.Entry<String, byte[]> k : keys.entrySet()) {
      if (k.getValue().length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException(
            "command key '"
                + k.getKey()
                + "' has "
                + k.getValue().length
                + " bytes; use at least 32 random bytes (e.g. openssl rand -base64 32)");
      }
    }
    this.activeKeyId = activeKeyId;
    this.keys = new LinkedHashMap<>(keys);
  }

  /**
   * Reads a key ring from text: one {@code keyId:base64secret} per line, the first line being the
   * active key; blank lines and lines starting with # are skipped.
   */
  public static CommandAuthenticator parse(String keyRing) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    String active = null;
    for (String raw : keyRing.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "a command key line must read keyId:base64secret (the secret is not shown)");
      }
      String id = line.substring(0, colon);
      byte[] secret;
      try {
        secret = Base64.getDecoder().decode(line.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the secret of command key '" + id + "' is not base64");
      }
      keys.put(id, secret);
      if (active == null) {
        active = id;
      }
    }
    if (active == null) {
      throw new IllegalArgumentException(
          "the command key ring is empty; add a line keyId:base64secret");
    }
    return new CommandAuthenticator(active, keys);
  }

  /** Returns {@code command} with its signature set by the active key. */
  public SessionCommand sign(SessionCommand command) {
    byte[] mac = mac(keys.get(activeKeyId), command);
    command.setSignature(
        CommandSignature.newBuilder()
            .setKeyId(activeKeyId)
            .setAlgorithm(ALGORITHM)
            .setValue(ByteBuffer.wrap(mac))
            .build());
    return command;
  }

  /** True when the command carries a valid signature by a key of this ring. */
  public boolean verify(SessionCommand command) {
    CommandSignature signature = command.getSignature();
    if (signature == null || !ALGORITHM.equals(signature.getAlgorithm())) {
      return false;
    }
    byte[] key = keys.get(signature.getKeyId());
    if (key == null) {
      return false;
    }
    ByteBuffer value = signature.getValue().duplicate();
    byte[] given = new byte[value.remaining()];
    value.get(given);
    return MessageDigest.isEqual(mac(key, command), given);
  }

  /** The canonical text the MAC covers. */
  public static String canonicalForm(SessionCommand c) {
    CommandParameters p = c.getParameters();
    StringBuilder s = new StringBuilder(256).append("vigil-command-v1");
    line(s, c.getCommandId());
    line(s, c.getSessionId());
    line(s, c.getAccountId());
    line(s, c.getAction());
    line(s, p == null ? null : p.getAbsoluteTimeoutSeconds());
    line(s, p == null ? null : p.getIdleTimeoutSeconds());
    line(s, p == null ? null : p.getRequestsPerSecond());
    line(s, p == null ? null : p.getBurst());
    line(s, c.getIssuedAt());
    line(s, c.getExpiresAt());
    line(s, c.getTriggerEventId());
    return s.toString();
  }

  private static void line(StringBuilder s, Object value) {
    s.append('\n').append(value == null ? "" : value.toString());
  }

  private static byte[] mac(byte[] key, SessionCommand command) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac.doFinal(canonicalForm(command).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
