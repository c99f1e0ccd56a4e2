package dev.vigil.enforce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Reads secrets from a file or an environment variable, never from a command line or a config
 * value, and refuses files that other users can read (as ssh does with private keys).
 */
public final class Secrets {
  private Secrets() {}

  /**
   * The secret's text, from {@code file} if given, else from {@code envVar}; null when neither is
   * set.
   *
   * @param what the secret's name for error messages, e.g. "command key ring"
   */
  public static String read(String file, String envVar, String what) {
    if (file != null && !file.isBlank()) {
      Path path = Path.of(file);
      try {
        checkPrivate(path, what);
        return Files.readString(path, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException(what + " file " + file + " does not exist");
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read the " + what + " file " + file + ": " + e.getMessage());
      }
    }
    if (envVar != null) {
      String value = System.getenv(envVar);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  private static void checkPrivate(Path path, String what) throws IOException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
      if (perms.contains(PosixFilePermission.OTHERS_READ)
          || perms.contains(PosixFilePermission.GROUP_READ)) {
        throw new IllegalArgumentException(
            "the " + what + " file " + path + " is readable by other users; run chmod 600 " + path);
      }
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: nothing to check.
    }
  }
}
