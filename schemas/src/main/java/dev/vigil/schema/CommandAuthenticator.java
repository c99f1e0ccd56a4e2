package dev.vigil.schema;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p><b>Version 3</b> (length-prefixed). Versions 1 and 2 join fields with unescaped newlines, so a
 * field holding {@code \n} can shift into the next one: two different field splits give one text
 * and one signature. Version 3 is binary and unambiguous ({@link #canonicalV3}): the domain string
 * {@code vigil-command-v3} and then every field of version 2, in the same order, each written as a
 * 4-byte big-endian length followed by that many UTF-8 bytes; an absent field is written as the
 * length {@code 0xFFFFFFFF} with no bytes (so absent and empty differ). Numbers are decimal ASCII,
 * the action and hold scope their enum names. The accepted factors are written as a 4-byte count
 * ({@code 0xFFFFFFFF} when absent) and then each factor as length and bytes. All fields are always
 * present in version 3, whatever the action.
 *
 * <p>Version 3 is used by every Ed25519 signature ({@link CommandVerifier}, algorithm {@value
 * #ED25519}) and by new HMAC signatures, which are marked with the algorithm {@value
 * #ALGORITHM_V3}; a signature marked {@value #ALGORITHM} is over the version 1/2 text. Migration:
 * (1) upgrade the gateways to a verifier that accepts both HMAC markings (this class and {@link
 * CommandVerifier} do); (2) Vigil then signs HMAC commands over version 3 by default; (3) move to
 * Ed25519 and retire the HMAC ring. While old gateways remain, the job can keep signing the old
 * text ({@link #legacyForm()}, setting {@code commands.hmac-legacy-form=true}).
 *
 * <p><b>Version 4</b> (schema version 5: issue-time expiry, lateness, sequence, step-up timeout).
 * The version 3 form with the domain string {@code vigil-command-v4}, followed by four more fields
 * in the same length-prefixed encoding: {@code eventTime}, {@code lateBySeconds}, {@code sequence}
 * and {@code parameters.stepUpTimeoutSeconds} ({@link #canonicalV4}). The sequence decides which
 * command of an action supersedes another, so it must be covered. New signatures are marked {@value
 * #ED25519_V4} or {@value #ALGORITHM_V4}; old ones ({@value #ED25519}, {@value #ALGORITHM_V3},
 * {@value #ALGORITHM}) still verify, but only on a command whose version 5 fields are at their
 * defaults ({@link #hasVersion5Fields}): otherwise anyone could add a sequence or a step-up timeout
 * to an old signed command. Upgrade gateways to this verifier before Vigil signs version 4 (a
 * legacy-form signer for old gateways keeps signing the text, which new verifiers refuse on version
 * 5 commands).
 *
 * <p><b>Version 5</b> (schema version 8: account commands). A command whose {@code target} is not
 * {@code SESSION} or that sets {@code parameters.apiKeyId} is signed over the version 4 form with
 * the domain string {@code vigil-command-v5} instead of {@code vigil-command-v4}, followed by two
 * more fields in the same encoding: {@code target} (its enum name) and {@code parameters.apiKeyId}
 * ({@link #canonicalV4}, which picks the form by content, like version 2 did). The markings stay
 * {@value #ED25519_V4} and {@value #ALGORITHM_V4}: every other command keeps its version 4 bytes,
 * and widening a session command to the account, or stripping or changing the key a revocation
 * names, changes the form and fails verification. Older markings never verify a command with these
 * fields ({@link #hasVersion5Fields}).
 */
public final class CommandAuthenticator implements CommandSigner {
  /** HMAC-SHA256 over the version 1/2 text (legacy). */
  public static final String ALGORITHM = "HmacSHA256";

  /** HMAC-SHA256 over the version 3 form. */
  public static final String ALGORITHM_V3 = "HmacSHA256-v3";

  /** Ed25519 over the version 3 form. */
  public static final String ED25519 = "Ed25519";

  /** HMAC-SHA256 over the version 4 form (schema version 5). */
  public static final String ALGORITHM_V4 = "HmacSHA256-v4";

  /** Ed25519 over the version 4 form (schema version 5). */
  public static final String ED25519_V4 = "Ed25519-v4";

  static final String V4 = "vigil-command-v4";

  static final String V5 = "vigil-command-v5";

  static final String V3 = "vigil-command-v3";
  private static final int ABSENT = 0xFFFFFFFF;

  private final String activeKeyId;
  private final Map<String, byte[]> keys;
  private final boolean legacy;

  /**
   * @param activeKeyId the key that signs
   * @param keys every key that may verify, by id (include the active one)
   */
  public CommandAuthenticator(String activeKeyId, Map<String, byte[]> keys) {
    this(activeKeyId, keys, false);
  }

  private CommandAuthenticator(String activeKeyId, Map<String, byte[]> keys, boolean legacy) {
    if (!keys.containsKey(activeKeyId)) {
      throw new IllegalArgumentException(
          "the active command key '" + activeKeyId + "' is not in the key ring");
    }
    for (Map.Entry<String, byte[]> k : keys.entrySet()) {
      CommandKeyRing.requireStrongSecret(k.getKey(), k.getValue());
    }
    this.activeKeyId = activeKeyId;
    this.keys = new LinkedHashMap<>(keys);
    this.legacy = legacy;
  }

  /**
   * The same ring, signing over the version 1/2 text with the algorithm {@value #ALGORITHM}: only
   * while gateways that do not know version 3 remain (see the class comment).
   */
  public CommandAuthenticator legacyForm() {
    return new CommandAuthenticator(activeKeyId, keys, true);
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

  @Override
  public String keyId() {
    return activeKeyId;
  }

  /** This ring as a verifier's ring (the HMAC secrets; whoever holds them can also sign). */
  public CommandKeyRing ring() {
    return new CommandKeyRing(keys, Map.of());
  }

  /** Returns {@code command} with its signature set by the active key. */
  @Override
  public SessionCommand sign(SessionCommand command) {
    byte[] mac = mac(keys.get(activeKeyId), message(command, legacy ? ALGORITHM : ALGORITHM_V4));
    command.setSignature(
        CommandSignature.newBuilder()
            .setKeyId(activeKeyId)
            .setAlgorithm(legacy ? ALGORITHM : ALGORITHM_V4)
            .setValue(ByteBuffer.wrap(mac))
            .build());
    return command;
  }

  /**
   * True when the command carries a valid signature by a key of this ring, over the version 4 form
   * ({@value #ALGORITHM_V4}), the version 3 form ({@value #ALGORITHM_V3}) or the version 1/2 text
   * ({@value #ALGORITHM}), the older two only on a command without version 5 fields. Checks neither
   * expiry nor replay: gateways use {@link CommandVerifier}.
   */
  public boolean verify(SessionCommand command) {
    CommandSignature signature = command.getSignature();
    if (signature == null) {
      return false;
    }
    byte[] message = message(command, signature.getAlgorithm());
    byte[] key = keys.get(signature.getKeyId());
    if (message == null || key == null) {
      return false;
    }
    ByteBuffer value = signature.getValue().duplicate();
    byte[] given = new byte[value.remaining()];
    value.get(given);
    return MessageDigest.isEqual(mac(key, message), given);
  }

  /**
   * What a signature of {@code algorithm} covers: the version 4 form for {@value #ED25519_V4} and
   * {@value #ALGORITHM_V4}; version 3 for {@value #ED25519} and {@value #ALGORITHM_V3}; the text
   * for {@value #ALGORITHM}. Null (no valid signature possible) for any other algorithm, and for an
   * older form on a command with version 5 fields set.
   */
  static byte[] message(SessionCommand command, String algorithm) {
    if (ED25519_V4.equals(algorithm) || ALGORITHM_V4.equals(algorithm)) {
      return canonicalV4(command);
    }
    if (hasVersion5Fields(command)) {
      return null;
    }
    if (ED25519.equals(algorithm) || ALGORITHM_V3.equals(algorithm)) {
      return canonicalV3(command);
    }
    return ALGORITHM.equals(algorithm)
        ? canonicalForm(command).getBytes(StandardCharsets.UTF_8)
        : null;
  }

  /**
   * True when any field added in schema version 5 differs from its default: such a command is
   * authentic only under a version 4 signature.
   */
  public static boolean hasVersion5Fields(SessionCommand c) {
    CommandParameters p = c.getParameters();
    return c.getEventTime() != null
        || c.getLateBySeconds() != 0
        || c.getSequence() != 0
        || (p != null && p.getStepUpTimeoutSeconds() != null)
        || hasAccountFields(c);
  }

  /**
   * True when a field added in schema version 8 differs from its default (target not SESSION, an
   * API key id): such a command is signed over the version 5 form.
   */
  public static boolean hasAccountFields(SessionCommand c) {
    CommandParameters p = c.getParameters();
    return c.getTarget() != CommandTarget.SESSION || (p != null && p.getApiKeyId() != null);
  }

  /**
   * The version 4 form (see the class comment): the version 3 fields under the domain {@code
   * vigil-command-v4}, then eventTime, lateBySeconds, sequence and stepUpTimeoutSeconds; for a
   * command with account fields ({@link #hasAccountFields}) the version 5 form: domain {@code
   * vigil-command-v5}, the same fields, then target and apiKeyId.
   */
  public static byte[] canonicalV4(SessionCommand c) {
    CommandParameters p = c.getParameters();
    boolean account = hasAccountFields(c);
    ByteArrayOutputStream out = body(c, account ? V5 : V4);
    field(out, c.getEventTime());
    field(out, c.getLateBySeconds());
    field(out, c.getSequence());
    field(out, p == null ? null : p.getStepUpTimeoutSeconds());
    if (account) {
      field(out, c.getTarget());
      field(out, p == null ? null : p.getApiKeyId());
    }
    return out.toByteArray();
  }

  /** The version 3 form (see the class comment): what older Ed25519 and HMAC signatures cover. */
  public static byte[] canonicalV3(SessionCommand c) {
    return body(c, V3).toByteArray();
  }

  private static ByteArrayOutputStream body(SessionCommand c, String domain) {
    CommandParameters p = c.getParameters();
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    field(out, domain);
    field(out, c.getCommandId());
    field(out, c.getSessionId());
    field(out, c.getAccountId());
    field(out, c.getAction());
    field(out, p == null ? null : p.getAbsoluteTimeoutSeconds());
    field(out, p == null ? null : p.getIdleTimeoutSeconds());
    field(out, p == null ? null : p.getRequestsPerSecond());
    field(out, p == null ? null : p.getBurst());
    field(out, c.getIssuedAt());
    field(out, c.getExpiresAt());
    field(out, c.getTriggerEventId());
    field(out, p == null ? null : p.getHoldSeconds());
    field(out, p == null ? null : p.getHoldScope());
    List<String> factors = p == null ? null : p.getAcceptedFactors();
    if (factors == null) {
      int32(out, ABSENT);
    } else {
      LegacyCommandText.factors(factors); // the same names as version 2 accepts
      int32(out, factors.size());
      for (String f : factors) {
        field(out, f);
      }
    }
    return out;
  }

  /** Writes one length-prefixed field (absent: length 0xFFFFFFFF); shared with outcomes. */
  static void field(ByteArrayOutputStream out, Object value) {
    if (value == null) {
      int32(out, ABSENT);
      return;
    }
    byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
    int32(out, bytes.length);
    out.writeBytes(bytes);
  }

  static void int32(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  /**
   * The version 1/2 canonical text a {@value #ALGORITHM} MAC covers ({@link LegacyCommandText}).
   */
  public static String canonicalForm(SessionCommand c) {
    return LegacyCommandText.of(c);
  }

  static byte[] mac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
