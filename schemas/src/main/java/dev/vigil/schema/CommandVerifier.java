package dev.vigil.schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a gateway runs on every command before acting on it: checks the signature, the expiry and
 * that the command was not seen before. Only JDK crypto; thread-safe.
 *
 * <ol>
 *   <li>Signature: {@link CommandAuthenticator#ED25519_V4} or {@link CommandAuthenticator#ED25519}
 *       against the ring's public key of that id, over the version 4 or 3 form; {@link
 *       CommandAuthenticator#ALGORITHM_V4}, {@link CommandAuthenticator#ALGORITHM_V3} or {@link
 *       CommandAuthenticator#ALGORITHM} against the ring's HMAC secret of that id (over the version
 *       4 or 3 form or the legacy text), compared in constant time. The older forms verify only a
 *       command without schema version 5 fields ({@link CommandAuthenticator#hasVersion5Fields}). A
 *       key id is used only with its own kind of key: a public key is never taken as an HMAC
 *       secret.
 *   <li>Expiry: a command with {@code expiresAt + clockSkew < now} is {@link Verdict#EXPIRED}. The
 *       clock-skew allowance is {@value #DEFAULT_CLOCK_SKEW_MILLIS} ms unless given. Since schema
 *       version 5, {@code expiresAt} counts from {@code issuedAt} (when Vigil issued the command),
 *       never from the trigger's {@code eventTime}: a late command ({@code lateBySeconds > 0}) is
 *       valid until its expiresAt like any other, and no check here reads the event time.
 *   <li>Replay: the ids of valid commands are kept until they expire (plus the skew); a command
 *       whose id is held is {@link Verdict#REPLAYED}. The cache holds at most {@code
 *       replayCapacity} ids (default {@value #DEFAULT_REPLAY_CAPACITY}); when full, the oldest
 *       entry is evicted. So a replay is caught as long as fewer than {@code replayCapacity} valid
 *       commands arrive between the original and the copy, within the original's lifetime; size the
 *       capacity above the command rate times the command lifetime (Vigil: {@code
 *       policy.commandTtlSeconds}, 300 s by default; kills and holds live longer, up to 24 h, but
 *       applying a kill or hold twice changes nothing, so the TTL is the figure to size for). Only
 *       valid, unexpired commands enter the cache, so forged traffic cannot flush it.
 * </ol>
 *
 * The cache is per verifier: gateways behind a load balancer that must refuse a replay across
 * instances need a shared store (or route a session's commands to one instance).
 *
 * <p><b>Key rotation without restart.</b> {@link #watching} reads the ring from a file and reloads
 * it when the file's modification time or size changes (checked at most once per second, on
 * verify), or on {@link #reload()}. A file that fails to parse leaves the previous ring in force
 * ({@link #lastReloadError()}); {@link #setRing} swaps a ring built elsewhere. A ring file that
 * other users may write is refused (they could add a key), and so is one holding HMAC secrets that
 * other users may read. The replay cache survives a rotation.
 */
public final class CommandVerifier {
  public static final long DEFAULT_CLOCK_SKEW_MILLIS = 5_000;
  public static final int DEFAULT_REPLAY_CAPACITY = 100_000;
  private static final long RELOAD_CHECK_MILLIS = 1_000;

  /** The outcome of {@link #verify}; act on a command only when VALID. */
  public enum Verdict {
    VALID,
    NO_SIGNATURE,
    UNKNOWN_KEY,
    BAD_SIGNATURE,
    EXPIRED,
    REPLAYED
  }

  private final int replayCapacity;
  private final long clockSkewMillis;
  private final Path ringFile;
  private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();
  private volatile CommandKeyRing ring;
  private long fileStamp;
  private long lastCheck;
  private String lastReloadError;

  public CommandVerifier(CommandKeyRing ring) {
    this(ring, DEFAULT_REPLAY_CAPACITY, DEFAULT_CLOCK_SKEW_MILLIS);
  }

  /**
   * @param replayCapacity the most command ids the replay cache holds (at least 1)
   * @param clockSkewMillis how long after {@code expiresAt} a command is still accepted (0..60 s)
   */
  public CommandVerifier(CommandKeyRing ring, int replayCapacity, long clockSkewMillis) {
    this(Objects.requireNonNull(ring), null, replayCapacity, clockSkewMillis);
  }

  private CommandVerifier(
      CommandKeyRing ring, Path ringFile, int replayCapacity, long clockSkewMillis) {
    if (replayCapacity < 1) {
      throw new IllegalArgumentException("the replay cache needs a capacity of at least 1");
    }
    if (clockSkewMillis < 0 || clockSkewMillis > 60_000) {
      throw new IllegalArgumentException("the clock skew allowance must be 0 to 60000 ms");
    }
    this.ring = ring;
    this.ringFile = ringFile;
    this.replayCapacity = replayCapacity;
    this.clockSkewMillis = clockSkewMillis;
  }

  /**
   * A verifier whose ring is read from {@code ringFile} ({@link CommandKeyRing} text form) and
   * reloaded when the file changes. Fails now if the file cannot be read or parsed.
   */
  public static CommandVerifier watching(Path ringFile, int replayCapacity, long clockSkewMillis) {
    CommandVerifier v = new CommandVerifier(null, ringFile, replayCapacity, clockSkewMillis);
    v.ring = read(ringFile);
    v.fileStamp = stamp(ringFile);
    return v;
  }

  /** Replaces the key ring (rotation); the replay cache is kept. */
  public void setRing(CommandKeyRing ring) {
    this.ring = Objects.requireNonNull(ring);
  }

  /**
   * Re-reads the ring file now. Returns true when the new ring is in force; on failure the previous
   * ring stays and the reason (never key material) is in {@link #lastReloadError()}.
   */
  public synchronized boolean reload() {
    if (ringFile == null) {
      throw new IllegalStateException("this verifier was not made from a key file");
    }
    try {
      long stamp = stamp(ringFile);
      ring = read(ringFile);
      fileStamp = stamp;
      lastReloadError = null;
      return true;
    } catch (IllegalArgumentException e) {
      lastReloadError = e.getMessage();
      return false;
    }
  }

  /** Why the last reload failed, or null. */
  public synchronized String lastReloadError() {
    return lastReloadError;
  }

  /** The ring in force. */
  public CommandKeyRing ring() {
    return ring;
  }

  /** The verdict on {@code command} at {@code nowMillis}; records a VALID command's id. */
  public synchronized Verdict verify(SessionCommand command, long nowMillis) {
    reloadIfChanged(nowMillis);
    Verdict signature = checkSignature(command, ring);
    if (signature != Verdict.VALID) {
      return signature;
    }
    if (command.getExpiresAt() + clockSkewMillis < nowMillis) {
      return Verdict.EXPIRED;
    }
    evictExpired(nowMillis);
    Long held = seen.get(command.getCommandId());
    if (held != null && held + clockSkewMillis >= nowMillis) {
      return Verdict.REPLAYED;
    }
    seen.remove(command.getCommandId());
    while (seen.size() >= replayCapacity) {
      Iterator<?> oldest = seen.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    seen.put(command.getCommandId(), command.getExpiresAt());
    return Verdict.VALID;
  }

  /** How many command ids the replay cache holds now. */
  public synchronized int replayCacheSize() {
    return seen.size();
  }

  private void evictExpired(long nowMillis) {
    // Ids are held in arrival order; most commands have the same lifetime (kills and holds live
    // longer and may hold expired ids behind them until the capacity evicts them), so the expired
    // ones gather at the head. Stopping at the first live one keeps each call O(evicted).
    Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue() + clockSkewMillis < nowMillis) {
        it.remove();
      } else {
        break;
      }
    }
  }

  static Verdict checkSignature(SessionCommand command, CommandKeyRing ring) {
    CommandSignature signature = command.getSignature();
    if (signature == null || signature.getValue() == null) {
      return Verdict.NO_SIGNATURE;
    }
    String keyId = signature.getKeyId();
    byte[] secret = ring.secret(keyId);
    PublicKey publicKey = ring.publicKey(keyId);
    if (secret == null && publicKey == null) {
      return Verdict.UNKNOWN_KEY;
    }
    ByteBuffer value = signature.getValue().duplicate();
    byte[] given = new byte[value.remaining()];
    value.get(given);
    String algorithm = signature.getAlgorithm();
    boolean ok;
    byte[] message = CommandAuthenticator.message(command, algorithm);
    boolean ed =
        CommandAuthenticator.ED25519.equals(algorithm)
            || CommandAuthenticator.ED25519_V4.equals(algorithm);
    if (message == null) {
      ok = false;
    } else if (publicKey != null) {
      ok = ed && ed25519(publicKey, message, given);
    } else {
      ok = !ed && MessageDigest.isEqual(CommandAuthenticator.mac(secret, message), given);
    }
    return ok ? Verdict.VALID : Verdict.BAD_SIGNATURE;
  }

  private static boolean ed25519(PublicKey key, byte[] message, byte[] given) {
    try {
      Signature verifier = Signature.getInstance(Ed25519Keys.ALGORITHM);
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(given);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private void reloadIfChanged(long nowMillis) {
    if (ringFile == null || Math.abs(nowMillis - lastCheck) < RELOAD_CHECK_MILLIS) {
      return;
    }
    lastCheck = nowMillis;
    try {
      if (stamp(ringFile) != fileStamp) {
        reload();
      }
    } catch (IllegalArgumentException e) {
      lastReloadError = e.getMessage();
    }
  }

  private static CommandKeyRing read(Path file) {
    try {
      Set<PosixFilePermission> perms = posixPermissions(file);
      if (perms.contains(PosixFilePermission.GROUP_WRITE)
          || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
        throw new IllegalArgumentException(
            "the command key ring "
                + file
                + " is writable by other users, who could add a key; run chmod 644 "
                + file);
      }
      CommandKeyRing ring = CommandKeyRing.parse(Files.readString(file, StandardCharsets.UTF_8));
      if (!ring.verifyOnly()
          && (perms.contains(PosixFilePermission.GROUP_READ)
              || perms.contains(PosixFilePermission.OTHERS_READ))) {
        throw new IllegalArgumentException(
            "the command key ring "
                + file
                + " holds HMAC secrets and is readable by other users; run chmod 600 "
                + file);
      }
      return ring;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the command key ring " + file + ": " + e.getClass().getSimpleName());
    }
  }

  private static Set<PosixFilePermission> posixPermissions(Path file) throws IOException {
    try {
      return Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return Set.of(); // not a POSIX file system: nothing to check
    }
  }

  private static long stamp(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return a.lastModifiedTime().toMillis() * 31 + a.size();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the command key ring " + file + ": " + e.getClass().getSimpleName());
    }
  }
}
