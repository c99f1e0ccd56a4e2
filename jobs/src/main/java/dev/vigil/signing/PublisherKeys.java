package dev.vigil.signing;

import dev.vigil.enforce.Secrets;
import dev.vigil.schema.Ed25519Keys;
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
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
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
 * <p>Public keys of small order are refused ({@link Ed25519Keys}, shared with the command verifier
 * in the schemas jar).
 */
public final class PublisherKeys {
  public static final String ALGORITHM = "Ed25519";
  public static final String PRIVATE_FILE = "model-publisher.key";
  public static final String PUBLIC_FILE = "model-publisher.pub";
  public static final String COMMAND_PRIVATE_FILE = "command-signing.key";
  public static final String COMMAND_PUBLIC_FILE = "command-signing.pub";

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
    return generateInto(dir, PRIVATE_FILE, PUBLIC_FILE);
  }

  /** As {@link #generateInto(Path)}, with these file names (e.g. the command signing pair). */
  public static PublicKey generateInto(Path dir, String privateFile, String publicFile)
      throws IOException {
    Path priv = dir.resolve(privateFile);
    Path pub = dir.resolve(publicFile);
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
    return readPrivate(file, envVar, "model signing key");
  }

  /**
   * As {@link #readPrivate(String, String)}, naming the key {@code what} in messages (e.g. "command
   * signing key"); null when neither the file nor the variable is set.
   */
  public static PrivateKey readPrivate(String file, String envVar, String what) {
    String text = Secrets.read(file, envVar, what);
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
          "the "
              + what
              + " "
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
    return Ed25519Keys.parsePublic(base64, where);
  }

  /** Refuses a public key of small order (see {@link Ed25519Keys}). */
  public static void requireStrong(PublicKey key, String where) {
    Ed25519Keys.requireStrong(key, where);
  }

  /** The key's 32-byte encoding (RFC 8032, section 5.1.2). */
  public static byte[] raw(PublicKey key) {
    return Ed25519Keys.raw(key);
  }

  /** The key id: hex of the first 8 bytes of SHA-256 of the 32-byte key. */
  public static String keyId(PublicKey key) {
    return Ed25519Keys.keyId(key);
  }

  /** The public half of a private key (see {@link Ed25519Keys#publicOf}). */
  public static PublicKey publicOf(PrivateKey key) {
    return Ed25519Keys.publicOf(key);
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
}
