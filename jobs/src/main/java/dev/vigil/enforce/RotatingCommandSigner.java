package dev.vigil.enforce;

import dev.vigil.schema.CommandSigner;
import dev.vigil.schema.SessionCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The job's command signer, rotated without a restart: when the signing key comes from a file
 * ({@code commands.signing-key-file}, else {@code commands.key-file}), the file's modification time
 * and size are checked at most every {@value #CHECK_MILLIS} ms of processing time, and a changed
 * file is read again. A file that fails to read or parse leaves the previous signer in force (the
 * reason, never key material, is in {@link #lastReloadError()}). A key from an environment variable
 * cannot change while the job runs: rotating it needs a restart.
 *
 * <p>Rotation order: add the new public key (or HMAC secret) to every gateway's ring first, then
 * replace the job's key file; remove the old key from the rings one command lifetime later.
 */
public final class RotatingCommandSigner implements CommandSigner {
  static final long CHECK_MILLIS = 10_000;

  private final Path watched;
  private final Supplier<CommandSigner> load;
  private final LongSupplier clock;
  private CommandSigner signer;
  private long stamp;
  private long lastCheck;
  private String lastReloadError;

  /**
   * @param watched the key file to watch, or null (nothing to rotate)
   * @param load reads the signer (null when no key is configured)
   */
  public RotatingCommandSigner(Path watched, Supplier<CommandSigner> load, LongSupplier clock) {
    this.watched = watched;
    this.load = load;
    this.clock = clock;
    this.stamp = watched == null ? 0 : stampOrZero(watched);
    this.signer = load.get();
    this.lastCheck = clock.getAsLong();
  }

  /** The signer from the settings' files or variables, or null when no key is configured. */
  public static CommandSigner of(
      String signingKeyFile,
      String signingKeyEnv,
      String ringFile,
      String ringEnv,
      boolean legacyForm) {
    Supplier<CommandSigner> load =
        () ->
            SigningKeys.commandSigner(signingKeyFile, signingKeyEnv, ringFile, ringEnv, legacyForm);
    String file = present(signingKeyFile) ? signingKeyFile : present(ringFile) ? ringFile : null;
    if (file == null) {
      return load.get();
    }
    RotatingCommandSigner r =
        new RotatingCommandSigner(Path.of(file), load, System::currentTimeMillis);
    return r.signer == null ? null : r;
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }

  @Override
  public synchronized SessionCommand sign(SessionCommand command) {
    maybeReload();
    return signer.sign(command);
  }

  @Override
  public synchronized String keyId() {
    return signer.keyId();
  }

  /** Why the last reload failed, or null. */
  public synchronized String lastReloadError() {
    return lastReloadError;
  }

  private void maybeReload() {
    long now = clock.getAsLong();
    if (watched == null || Math.abs(now - lastCheck) < CHECK_MILLIS) {
      return;
    }
    lastCheck = now;
    long current = stampOrZero(watched);
    if (current == stamp) {
      return;
    }
    try {
      CommandSigner next = load.get();
      if (next != null) {
        signer = next;
        stamp = current;
        lastReloadError = null;
      }
    } catch (RuntimeException e) {
      // The messages of the key readers never hold key material.
      lastReloadError = e.getMessage();
    }
  }

  private static long stampOrZero(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return a.lastModifiedTime().toMillis() * 31 + a.size();
    } catch (IOException e) {
      return 0;
    }
  }
}
