package dev.vigil.signing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;

/**
 * Ed25519 signatures of published models (RFC 8032, section 5.1; the JDK's {@code Ed25519}
 * provider, JEP 339). A publisher signs the canonical form of (domain, slot, signed-at, model
 * bytes); the signature, the key id and the signed-at time travel in the Kafka record's headers
 * {@value #SIGNATURE_HEADER}, {@value #KEY_ID_HEADER} and {@value #SIGNED_AT_HEADER}.
 *
 * <p><b>Canonical form.</b> Each of the four fields is written as its length (4 bytes, big-endian)
 * followed by its bytes: the domain {@value #DOMAIN} (UTF-8), the slot (the record key, UTF-8), the
 * signed-at time (epoch milliseconds, 8 bytes big-endian) and the model bytes exactly as published
 * (empty for a tombstone). Length prefixes make the encoding injective: no two different field
 * tuples have the same bytes, so a signature of a shadow model cannot be replayed as an active one
 * by moving bytes between fields. The domain string separates these signatures from any other use
 * of the same key and versions the format.
 */
public final class ModelSignature {
  /** Domain separation and format version of the signed bytes. */
  public static final String DOMAIN = "vigil-model-v1";

  /** Header with the signature, base64 (standard alphabet) of the 64 signature bytes. */
  public static final String SIGNATURE_HEADER = "vigil-signature";

  /** Header with the signing key's id (see {@link PublisherKeys#keyId}), ASCII. */
  public static final String KEY_ID_HEADER = "vigil-key-id";

  /** Header with the signing time, epoch milliseconds in decimal ASCII. */
  public static final String SIGNED_AT_HEADER = "vigil-signed-at";

  /** Ed25519 signatures are 64 bytes (RFC 8032, section 5.1.6). */
  public static final int SIGNATURE_BYTES = 64;

  private ModelSignature() {}

  /** The bytes that are signed; see the class comment. */
  public static byte[] canonical(String slot, long signedAtMillis, byte[] model) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + (model == null ? 0 : model.length));
    field(out, DOMAIN.getBytes(StandardCharsets.UTF_8));
    field(out, slot.getBytes(StandardCharsets.UTF_8));
    field(out, ByteBuffer.allocate(Long.BYTES).putLong(signedAtMillis).array());
    field(out, model == null ? new byte[0] : model);
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, byte[] bytes) {
    out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
    out.writeBytes(bytes);
  }

  /** Signs a model for a slot; returns the 64-byte signature. */
  public static byte[] sign(PrivateKey key, String slot, long signedAtMillis, byte[] model) {
    try {
      Signature s = Signature.getInstance(PublisherKeys.ALGORITHM);
      s.initSign(key);
      s.update(canonical(slot, signedAtMillis, model));
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code signature} is a valid signature of the model for this slot and time by {@code
   * key}; false for any malformed signature, never an exception. Weak keys are refused by {@link
   * PublisherKeys} before they can be trusted.
   */
  public static boolean verify(
      PublicKey key, byte[] signature, String slot, long signedAtMillis, byte[] model) {
    if (signature == null || signature.length != SIGNATURE_BYTES) {
      return false;
    }
    try {
      Signature s = Signature.getInstance(PublisherKeys.ALGORITHM);
      s.initVerify(key);
      s.update(canonical(slot, signedAtMillis, model));
      return s.verify(signature);
    } catch (SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available in this JDK", e);
    }
  }
}
