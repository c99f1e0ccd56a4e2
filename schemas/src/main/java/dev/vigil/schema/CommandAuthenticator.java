package dev.vigil.schema;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
 *
 * <p><b>Version 2</b> (schema version 2: HOLD_WITHDRAWALS and step-up factors). A command that sets
 * any of {@code parameters.holdSeconds}, {@code parameters.holdScope} or {@code
 * parameters.acceptedFactors} is signed over the version 2 form: the first line reads {@code
 * vigil-command-v2} and three lines follow {@code triggerEventId}:
 *
 * <pre>
 * parameters.holdSeconds
 * parameters.holdScope
 * parameters.acceptedFactors   (the factors joined by ",", in the command's order)
 * </pre>
 *
 * A command without them keeps the version 1 form, so the signatures of the commands an older
 * gateway understands do not change; stripping the new fields from a version 2 command changes the
 * form and fails verification. A factor name is lower-case letters, digits and underscores, so the
 * joined list is unambiguous; {@link #canonicalForm} refuses any other. Gateways verify both forms
 * (upgrade them before Vigil starts sending version 2 commands).
 */
public final class CommandAuthenticator {
  public static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_KEY_BYTES = 32;
  private static final String V1 = "vigil-command-v1";
  private static final String V2 = "vigil-command-v2";
  private static final Pattern FACTOR = Pattern.compile("[a-z0-9_]{1,32}");

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
    StringBuilder s = new StringBuilder(256).append(V1);
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
    if (p != null
        && (p.getHoldSeconds() != null
            || p.getHoldScope() != null
            || p.getAcceptedFactors() != null)) {
      s.replace(0, V1.length(), V2);
      line(s, p.getHoldSeconds());
      line(s, p.getHoldScope());
      line(s, p.getAcceptedFactors() == null ? null : factors(p.getAcceptedFactors()));
    }
    return s.toString();
  }

  private static String factors(List<String> factors) {
    StringBuilder joined = new StringBuilder();
    for (String f : factors) {
      if (f == null || !FACTOR.matcher(f).matches()) {
        throw new IllegalArgumentException(
            "a step-up factor name must be lower-case letters, digits and '_': " + f);
      }
      if (!joined.isEmpty()) {
        joined.append(',');
      }
      joined.append(f);
    }
    return joined.toString();
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
