package dev.vigil.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Output files written under a temporary name in their own folder and renamed into place only when
 * the command succeeds: a failure, an exception or Ctrl-C (a shutdown hook) removes what was
 * written, so a half-written file is never left where a finished one is expected. An existing file
 * of the same name is replaced only at {@link #commit()}.
 *
 * <pre>{@code
 * try (PartialOutput o = PartialOutput.in(dir)) {
 *   write(o.file("commands.jsonl"));
 *   o.commit();
 * }
 * }</pre>
 */
final class PartialOutput implements AutoCloseable {
  private final Path dir;
  private final boolean dirIsNew;
  private final Path staging;
  private final Thread onInterrupt;
  private boolean committed;

  private PartialOutput(Path dir, boolean dirIsNew) throws IOException {
    this.dir = dir;
    this.dirIsNew = dirIsNew;
    this.staging = Files.createTempDirectory(dir, ".vigil-partial-");
    this.onInterrupt = new Thread(this::discard, "vigil-partial-output-cleanup");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
  }

  /**
   * Files that will end up in {@code dir} (created if missing, and removed again if nothing was
   * committed into it).
   */
  static PartialOutput in(Path dir) throws IOException {
    return in(dir, !Files.exists(dir));
  }

  /**
   * As {@link #in(Path)} for a folder a preflight check already created: {@code madeForIt} says
   * whether it was made for this output (and goes again if nothing is committed into it).
   */
  static PartialOutput in(Path dir, boolean madeForIt) throws IOException {
    Files.createDirectories(dir);
    return new PartialOutput(dir, madeForIt);
  }

  /** For one file: stage it beside {@code target}; write to {@code file(target)}. */
  static PartialOutput beside(Path target) throws IOException {
    return in(target.toAbsolutePath().getParent());
  }

  /** Where to write the file that will be {@code name} (or the file name of a path) in the end. */
  Path file(String name) {
    return staging.resolve(Path.of(name).getFileName().toString());
  }

  Path file(Path target) {
    return file(target.getFileName().toString());
  }

  /** The staging folder, for code that writes a whole folder of files. */
  Path staging() {
    return staging;
  }

  /** Renames every staged file into place, replacing files of the same name. */
  void commit() throws IOException {
    try (Stream<Path> files = Files.list(staging)) {
      for (Path f : files.sorted().toList()) {
        Path target = dir.resolve(f.getFileName().toString());
        try {
          Files.move(
              f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Files.deleteIfExists(staging);
    committed = true;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(onInterrupt);
    } catch (IllegalStateException e) {
      // shutting down: the hook removes the files
    }
    if (!committed) {
      discard();
    }
  }

  private void discard() {
    if (!Files.exists(staging)) {
      return;
    }
    try (Stream<Path> all = Files.walk(staging)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
      if (dirIsNew) {
        Files.deleteIfExists(dir); // made for this output only; left if something else is in it
      }
    } catch (DirectoryNotEmptyException e) {
      // the folder holds files of someone else's: it stays
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
