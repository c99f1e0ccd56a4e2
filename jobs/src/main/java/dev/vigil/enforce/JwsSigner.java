package dev.vigil.enforce;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs JSON Web Signatures (RFC 7515) in compact form. Two algorithms (RFC 7518): HS256 for a
 * secret shared with the receiver, ES256 for a P-256 key whose public half the receiver publishes
 * (the usual choice for Shared Signals receivers outside the exchange).
 */
public interface JwsSigner {
  /** The JWS {@code alg} header value. */
  String algorithm();

  /** The key id for the {@code kid} header, or null. */
  String keyId();

  /** Signs the JWS signing input (ASCII of {@code base64url(header).base64url(payload)}). */
  byte[] sign(byte[] signingInput);

  /** HS256 with a shared secret of at least 32 bytes. */
  static JwsSigner hs256(String keyId, byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("an HS256 key needs at least 32 random bytes");
    }
    byte[] key = secret.clone();
    return new JwsSigner() {
      @Override
      public String algorithm() {
        return "HS256";
      }

      @Override
      public String keyId() {
        return keyId;
      }

      @Override
      public byte[] sign(byte[] input) {
        try {
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(new SecretKeySpec(key, "HmacSHA256"));
          return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  /** ES256 with a P-256 private key. */
  static JwsSigner es256(String keyId, PrivateKey key) {
    if (!(key instanceof ECPrivateKey ec)
        || ec.getParams().getCurve().getField().getFieldSize() != 256) {
      throw new IllegalArgumentException("an ES256 key must be an EC private key on P-256");
    }
    return new JwsSigner() {
      @Override
      public String algorithm() {
        return "ES256";
      }

      @Override
      public String keyId() {
        return keyId;
      }

      @Override
      public byte[] sign(byte[] input) {
        try {
          Signature signature = Signature.getInstance("SHA256withECDSA");
          signature.initSign(key);
          signature.update(input);
          return derToConcat(signature.sign(), 32);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  /**
   * JOSE wants ECDSA signatures as R || S of fixed length (RFC 7518 §3.4); the JDK gives DER
   * SEQUENCE { INTEGER r, INTEGER s }.
   */
  static byte[] derToConcat(byte[] der, int size) {
    int offset = 2;
    if ((der[1] & 0x80) != 0) {
      offset += der[1] & 0x7F; // long-form length of the sequence
    }
    int rLength = der[offset + 1];
    BigInteger r =
        new BigInteger(1, java.util.Arrays.copyOfRange(der, offset + 2, offset + 2 + rLength));
    int sOffset = offset + 2 + rLength;
    int sLength = der[sOffset + 1];
    BigInteger s =
        new BigInteger(1, java.util.Arrays.copyOfRange(der, sOffset + 2, sOffset + 2 + sLength));
    byte[] out = new byte[2 * size];
    copyUnsigned(r, out, 0, size);
    copyUnsigned(s, out, size, size);
    return out;
  }

  private static void copyUnsigned(BigInteger value, byte[] out, int at, int size) {
    byte[] bytes = value.toByteArray();
    int skip = bytes.length > size ? bytes.length - size : 0; // a leading sign byte
    System.arraycopy(bytes, skip, out, at + size - (bytes.length - skip), bytes.length - skip);
  }
}
