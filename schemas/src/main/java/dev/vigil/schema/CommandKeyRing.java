package dev.vigil.schema;

import java.security.PublicKey;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys a gateway verifies commands with, by key id: Ed25519 public keys (which cannot sign, so
 * a gateway holding only these cannot mint commands) and, for the migration, HMAC-SHA256 secrets
 * (which can: every holder of an HMAC key can forge commands).
 *
 * <p>Text form, one key per entry; blank lines and lines starting with {@code #} are skipped:
 *
 * <ul>
 *   <li>a PEM block {@code -----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----} (the {@code
 *       .pub} file of {@code vigil keys generate}): an Ed25519 key, its id derived from the key
 *       ({@link Ed25519Keys#keyId});
 *   <li>a line {@code ed25519:<base64 X.509 SubjectPublicKeyInfo>}: the same, on one line;
 *   <li>a line {@code keyId:base64secret}: an HMAC-SHA256 secret (the format of {@code
 *       commands.key-file}).
 * </ul>
 *
 * <p>Weak keys are refused ({@link #requireStrongSecret}, {@link Ed25519Keys}); messages never show
 * key material.
 */
public final class CommandKeyRing {
  static final int MIN_SECRET_BYTES = 32;
  private static final Pattern PEM_PUBLIC =
      Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]*)-----END PUBLIC KEY-----");

  private final Map<String, byte[]> secrets;
  private final Map<String, PublicKey> publicKeys;

  public CommandKeyRing(Map<String, byte[]> secrets, Map<String, PublicKey> publicKeys) {
    for (Map.Entry<String, byte[]> k : secrets.entrySet()) {
      requireStrongSecret(k.getKey(), k.getValue());
    }
    for (Map.Entry<String, PublicKey> k : publicKeys.entrySet()) {
      Ed25519Keys.requireStrong(k.getValue(), "command key '" + k.getKey() + "'");
      if (secrets.containsKey(k.getKey())) {
        throw new IllegalArgumentException(
            "command key id '" + k.getKey() + "' names both an HMAC and an Ed25519 key");
      }
    }
    Map<String, byte[]> s = new LinkedHashMap<>();
    secrets.forEach((id, key) -> s.put(id, key.clone()));
    this.secrets = Collections.unmodifiableMap(s);
    this.publicKeys = Collections.unmodifiableMap(new LinkedHashMap<>(publicKeys));
  }

  /** Reads the text form (see the class comment). */
  public static CommandKeyRing parse(String text) {
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    Map<String, PublicKey> publicKeys = new LinkedHashMap<>();
    Matcher pem = PEM_PUBLIC.matcher(text);
    while (pem.find()) {
      addPublic(publicKeys, pem.group(1).replaceAll("\\s", ""));
    }
    for (String raw : pem.replaceAll("").split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "a command key line must read keyId:base64secret or ed25519:base64publicKey (the key"
                + " is not shown)");
      }
      String id = line.substring(0, colon);
      String value = line.substring(colon + 1).strip();
      if (id.equals("ed25519")) {
        addPublic(publicKeys, value);
        continue;
      }
      byte[] secret;
      try {
        secret = Base64.getDecoder().decode(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the secret of command key '" + id + "' is not base64");
      }
      if (secrets.put(id, secret) != null) {
        throw new IllegalArgumentException("command key id '" + id + "' appears twice");
      }
    }
    if (secrets.isEmpty() && publicKeys.isEmpty()) {
      throw new IllegalArgumentException("the command key ring is empty");
    }
    return new CommandKeyRing(secrets, publicKeys);
  }

  private static void addPublic(Map<String, PublicKey> keys, String base64) {
    PublicKey key = Ed25519Keys.parsePublic(base64, "the command key ring");
    keys.put(Ed25519Keys.keyId(key), key);
  }

  /**
   * Refuses an HMAC secret that is short (under 32 bytes) or obviously not random: all bytes equal
   * (e.g. all zero), fewer than 16 distinct byte values (32 random bytes have about 30), a
   * repetition of a shorter block, or a constant step (0, 1, 2, ...). The secret is never shown.
   */
  public static void requireStrongSecret(String id, byte[] key) {
    if (key.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "command key '"
              + id
              + "' has "
              + key.length
              + " bytes; use at least 32 random bytes (e.g. openssl rand -base64 32)");
    }
    if (lowEntropy(key)) {
      throw new IllegalArgumentException(
          "command key '"
              + id
              + "' is not random (repeated or patterned bytes); use at least 32 random bytes (e.g."
              + " openssl rand -base64 32)");
    }
  }

  private static boolean lowEntropy(byte[] key) {
    Set<Byte> distinct = new HashSet<>();
    for (byte b : key) {
      distinct.add(b);
    }
    if (distinct.size() < 16) {
      return true;
    }
    boolean constantStep = true;
    for (int i = 2; i < key.length && constantStep; i++) {
      constantStep = (byte) (key[i] - key[i - 1]) == (byte) (key[1] - key[0]);
    }
    if (constantStep) {
      return true;
    }
    for (int period = 1; period <= key.length / 2; period++) {
      boolean repeats = true;
      for (int i = period; i < key.length && repeats; i++) {
        repeats = key[i] == key[i - period];
      }
      if (repeats) {
        return true;
      }
    }
    return false;
  }

  /** The HMAC secret of this id, or null. */
  byte[] secret(String keyId) {
    return secrets.get(keyId);
  }

  /** The Ed25519 public key of this id, or null. */
  PublicKey publicKey(String keyId) {
    return publicKeys.get(keyId);
  }

  /** The ids of the Ed25519 public keys. */
  public Set<String> publicKeyIds() {
    return publicKeys.keySet();
  }

  /** The ids of the HMAC secrets. */
  public Set<String> secretKeyIds() {
    return secrets.keySet();
  }

  /** True when this ring holds no secret, so its holder cannot mint commands. */
  public boolean verifyOnly() {
    return secrets.isEmpty();
  }
}
