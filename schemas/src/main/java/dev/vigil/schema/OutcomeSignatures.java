package dev.vigil.schema;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Signs and verifies {@link EnforcementOutcome}s, the gateway's reports back to Vigil. A forged
 * {@code STEP_UP_PASSED} would lower a session's probability, so the session risk job accepts only
 * outcomes signed by a gateway key it holds (a key ring in the {@link CommandKeyRing} format, with
 * the gateways' key ids, not Vigil's command keys).
 *
 * <p>The canonical form ({@link #canonical}) is length-prefixed like commands' version 3 form
 * ({@link CommandAuthenticator}): the domain string {@code vigil-outcome-v1}, then outcomeId,
 * sessionId, accountId, commandId, action, kind, rejection, factor, time, gatewayId, detail, each
 * as a 4-byte big-endian length and that many UTF-8 bytes, an absent field as length {@code
 * 0xFFFFFFFF}. Algorithms: {@value #HMAC} (HMAC-SHA256, RFC 2104) and {@value #ED25519} (RFC 8032)
 * over that form. Verification compares MACs in constant time.
 */
public final class OutcomeSignatures {
  /** HMAC-SHA256 over the version 1 outcome form. */
  public static final String HMAC = "HmacSHA256-outcome-v1";

  /** Ed25519 over the version 1 outcome form. */
  public static final String ED25519 = "Ed25519-outcome-v1";

  private static final String DOMAIN = "vigil-outcome-v1";

  private OutcomeSignatures() {}

  /** Returns {@code outcome} signed with the gateway's HMAC key {@code keyId}. */
  public static EnforcementOutcome signHmac(EnforcementOutcome outcome, String keyId, byte[] key) {
    CommandKeyRing.requireStrongSecret(keyId, key);
    outcome.setSignature(
        CommandSignature.newBuilder()
            .setKeyId(keyId)
            .setAlgorithm(HMAC)
            .setValue(ByteBuffer.wrap(CommandAuthenticator.mac(key, canonical(outcome))))
            .build());
    return outcome;
  }

  /**
   * True when the outcome carries a valid signature by a key of {@code ring}: an HMAC secret for
   * {@value #HMAC}, an Ed25519 public key for {@value #ED25519}; a key id is used only with its own
   * kind of key.
   */
  public static boolean verify(EnforcementOutcome outcome, CommandKeyRing ring) {
    CommandSignature s = outcome.getSignature();
    if (s == null || ring == null) {
      return false;
    }
    ByteBuffer value = s.getValue().duplicate();
    byte[] given = new byte[value.remaining()];
    value.get(given);
    if (HMAC.equals(s.getAlgorithm())) {
      byte[] key = ring.secret(s.getKeyId());
      return key != null
          && MessageDigest.isEqual(CommandAuthenticator.mac(key, canonical(outcome)), given);
    }
    if (ED25519.equals(s.getAlgorithm())) {
      PublicKey key = ring.publicKey(s.getKeyId());
      if (key == null) {
        return false;
      }
      try {
        Signature verifier = Signature.getInstance(Ed25519Keys.ALGORITHM);
        verifier.initVerify(key);
        verifier.update(canonical(outcome));
        return verifier.verify(given);
      } catch (GeneralSecurityException e) {
        return false;
      }
    }
    return false;
  }

  /** The version 1 canonical form a signature covers (see the class comment). */
  public static byte[] canonical(EnforcementOutcome o) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(192);
    field(out, DOMAIN);
    field(out, o.getOutcomeId());
    field(out, o.getSessionId());
    field(out, o.getAccountId());
    field(out, o.getCommandId());
    field(out, o.getAction());
    field(out, o.getKind());
    field(out, o.getRejection());
    field(out, o.getFactor());
    field(out, o.getTime());
    field(out, o.getGatewayId());
    field(out, o.getDetail());
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, Object value) {
    CommandAuthenticator.field(out, value);
  }
}
