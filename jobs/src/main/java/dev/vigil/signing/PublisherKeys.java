package dev.vigil.signing;

import dev.vigil.enforce.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Model publisher keys: Ed25519 (RFC 8032) key pairs as PEM files, PKCS#8 for the private key (RFC
 * 5208, mode 600, read like every other Vigil secret through {@link Secrets}) and X.509
 * SubjectPublicKeyInfo for the public key (RFC 8410). A key is named by its id: the first 8 bytes,
 * in hex, of the SHA-256 of its 32-byte encoding (RFC 8032, section 5.1.5).
 *
 * <p>Public keys of small order are refused: a signature by such a key can be valid for many
 * messages (RFC 8032 does not exclude them; see Chalkias et al., "Taming the many EdDSAs", 2020,
 * and libsodium's blocklist). The check compares the key's y coordinate, sign bit cleared, with the
 * seven encodings of the eight points of order 1, 2, 4 and 8, including the non-canonical ones (y =
 * p and y = p + 1).
 */
public final class PublisherKeys {
  public static final String ALGORITHM = "Ed25519";
  public static final String PRIVATE_FILE = "model-publisher.key";
  public static final String PUBLIC_FILE = "model-publisher.pub";

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

  private static final Pattern PEM_PUBLIC =
      Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]*)-----END PUBLIC KEY-----");

  private PublisherKeys() {}

  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available in this JDK", e);
    }
  }

  /**
   * Writes a new key pair to {@code dir}: the private key with mode 600 (created so, never readable
   * by others even for an instant) and the public key with mode 644. Refuses to overwrite.
   *
   * @return the new key's public half
   */
  public static PublicKey generateInto(Path dir) throws IOException {
    Path priv = dir.resolve(PRIVATE_FILE);
    Path pub = dir.resolve(PUBLIC_FILE);
    for (Path p : List.of(priv, pub)) {
      if (Files.exists(p)) {
        throw new IllegalArgumentException(
            p + " already exists; move it away or choose another --out directory");
      }
    }
    Files.createDirectories(dir);
    KeyPair pair = generate();
    Files.createFile(
        priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    try {
      // Whatever the umask: a trusted key file must not be writable by others (readPublic).
      Files.setPosixFilePermissions(pub, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system.
    }
    return pair.getPublic();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** Reads a private key file (PEM or bare base64 PKCS#8); refuses a file others can read. */
  public static PrivateKey readPrivate(Path file) {
    return readPrivate(file.toString(), null);
  }

  /**
   * The private key from {@code file} if given, else from the environment variable {@code envVar}
   * (PEM or bare base64 PKCS#8, as every Vigil secret: never from a command line); null when
   * neither is set. The key's text is never put in a message.
   */
  public static PrivateKey readPrivate(String file, String envVar) {
    String text = Secrets.read(file, envVar, "model signing key");
    if (text == null) {
      return null;
    }
    String base64 =
        text.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance(ALGORITHM)
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the model signing key "
              + (file != null && !file.isBlank() ? file : "in $" + envVar)
              + " is not an Ed25519 PKCS#8 private key; create one with 'vigil keys generate'");
    }
  }

  /**
   * Reads every public key in a file (one or more PEM blocks, or one bare base64 X.509 key).
   * Refuses a file that others may write (they could add a key), an empty file and weak keys.
   */
  public static List<PublicKey> readPublic(Path file) {
    String text;
    try {
      checkNotWritableByOthers(file);
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("trusted model key file " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the trusted model key file " + file + ": " + e.getMessage());
    }
    List<String> blocks = new ArrayList<>();
    Matcher m = PEM_PUBLIC.matcher(text);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    if (blocks.isEmpty() && !text.isBlank()) {
      blocks.add(text);
    }
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("trusted model key file " + file + " holds no key");
    }
    List<PublicKey> keys = new ArrayList<>();
    for (String b : blocks) {
      keys.add(parsePublic(b.replaceAll("\\s", ""), file.toString()));
    }
    return keys;
  }

  static PublicKey parsePublic(String base64, String where) {
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

  private static void requireStrong(byte[] raw, String where) {
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

  /** A public key from its X.509 encoding (tests and tools). */
  public static PublicKey fromX509(byte[] der) {
    return parsePublic(Base64.getEncoder().encodeToString(der), "the key");
  }

  private static void checkNotWritableByOthers(Path file) throws IOException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.OTHERS_WRITE)
          || perms.contains(PosixFilePermission.GROUP_WRITE)) {
        throw new IllegalArgumentException(
            "the trusted model key file "
                + file
                + " is writable by other users, who could add a key; run chmod 644 "
                + file);
      }
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: nothing to check.
    }
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }
}
