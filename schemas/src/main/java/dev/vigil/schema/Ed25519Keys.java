package dev.vigil.schema;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Ed25519 (RFC 8032) public key handling shared by model signing (jobs) and command verification
 * (gateways), with JDK crypto only. A key is named by its id: the first 8 bytes, in hex, of the
 * SHA-256 of its 32-byte encoding.
 *
 * <p>Public keys of small order are refused: a signature by such a key can be valid for many
 * messages (RFC 8032 does not exclude them; see Chalkias et al., "Taming the many EdDSAs", 2020,
 * and libsodium's blocklist). The check compares the key's y coordinate, sign bit cleared, with the
 * seven encodings of the eight points of order 1, 2, 4 and 8, including the non-canonical ones (y =
 * p and y = p + 1).
 */
public final class Ed25519Keys {
  public static final String ALGORITHM = "Ed25519";

  /**
   * The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410, section 4); 32 key bytes follow.
   */
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private static final List<byte[]> SMALL_ORDER_Y =
      List.of(
          hex("0000000000000000000000000000000000000000000000000000000000000000"),
          hex("0100000000000000000000000000000000000000000000000000000000000000"),
          hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
          hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
          hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
          hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
          hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"));

  private Ed25519Keys() {}

  /**
   * A public key from base64 X.509 SubjectPublicKeyInfo; refuses anything else and weak keys.
   *
   * @param where names the source in messages (a file, "the key ring")
   */
  public static PublicKey parsePublic(String base64, String where) {
    String notAKey =
        where + " holds something that is not an Ed25519 public key (PEM 'PUBLIC KEY')";
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(notAKey);
    }
    if (der.length != X509_PREFIX.length + 32
        || !Arrays.equals(der, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
      throw new IllegalArgumentException(notAKey);
    }
    // Before the JDK decodes the point: a weak key is named as such, whatever the JDK makes of it.
    requireStrong(Arrays.copyOfRange(der, X509_PREFIX.length, der.length), where);
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(notAKey);
    }
  }

  /** Refuses a public key of small order (see the class comment). */
  public static void requireStrong(PublicKey key, String where) {
    requireStrong(raw(key), where);
  }

  static void requireStrong(byte[] raw, String where) {
    byte[] y = raw.clone();
    y[31] &= 0x7f;
    for (byte[] weak : SMALL_ORDER_Y) {
      if (Arrays.equals(y, weak)) {
        throw new IllegalArgumentException(
            where + " holds a weak (small-order) Ed25519 public key; generate a real key pair");
      }
    }
  }

  /** The key's 32-byte encoding (RFC 8032, section 5.1.2). */
  public static byte[] raw(PublicKey key) {
    byte[] der = key.getEncoded();
    if (der == null
        || der.length != X509_PREFIX.length + 32
        || !Arrays.equals(der, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
      throw new IllegalArgumentException("not an Ed25519 public key");
    }
    return Arrays.copyOfRange(der, X509_PREFIX.length, der.length);
  }

  /** The key id: hex of the first 8 bytes of SHA-256 of the 32-byte key. */
  public static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw(key));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The public half of a private key. An Ed25519 private key is a 32-byte seed from which the
   * public key is derived (RFC 8032, section 5.1.5); the JDK exposes the derivation only through
   * its key pair generator, so the seed is fed to it as its "random" bytes.
   */
  public static PublicKey publicOf(PrivateKey key) {
    if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
      throw new IllegalArgumentException("not an Ed25519 private key");
    }
    byte[] seed = ed.getBytes().get();
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance(ALGORITHM);
      gen.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
      return gen.generateKeyPair().getPublic();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available in this JDK", e);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** Hands out one given seed as its random bytes; used by {@link #publicOf} only. */
  private static final class SeedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;

    SeedRandom(byte[] seed) {
      this.seed = seed;
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException("unexpected request for " + bytes.length + " bytes");
      }
      System.arraycopy(seed, 0, bytes, 0, seed.length);
    }
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }
}
