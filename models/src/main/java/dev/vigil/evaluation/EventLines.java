package dev.vigil.evaluation;

import dev.vigil.schema.AccessEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Streams an access-log file (JSON lines in the access-log contract, as the simulator writes them)
 * as decoded {@link AccessEvent}s, in file order, with one reused line buffer: memory does not grow
 * with the file. Blank lines are skipped; a bad line fails naming the file and line.
 */
public final class EventLines {
  private EventLines() {}

  /**
   * @param what the file's role in messages ("history", "events")
   */
  public static void forEach(Path file, String what, Consumer<AccessEvent> each) {
    EventLineDecoder decoder = new EventLineDecoder();
    byte[] line = new byte[4096];
    byte[] chunk = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      long lineNo = 0;
      int n = 0;
      int read;
      while ((read = in.read(chunk)) >= 0) {
        for (int i = 0; i < read; i++) {
          byte b = chunk[i];
          if (b != '\n') {
            if (n == line.length) {
              line = Arrays.copyOf(line, n * 2);
            }
            line[n++] = b;
            continue;
          }
          lineNo++;
          emit(file, what, decoder, line, n, lineNo, each);
          n = 0;
        }
      }
      emit(file, what, decoder, line, n, lineNo + 1, each);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(what + " file " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + what + " file " + file + ": " + e.getMessage());
    }
  }

  private static void emit(
      Path file,
      String what,
      EventLineDecoder decoder,
      byte[] line,
      int n,
      long lineNo,
      Consumer<AccessEvent> each) {
    if (blank(line, n)) {
      return;
    }
    AccessEvent e;
    try {
      e = decoder.decode(line, n);
    } catch (RuntimeException ex) {
      throw new IllegalArgumentException(
          what
              + " file "
              + file
              + " line "
              + lineNo
              + ": "
              + ex.getMessage()
              + "; expected one access-log JSON object per line");
    }
    each.accept(e);
  }

  private static boolean blank(byte[] line, int n) {
    for (int i = 0; i < n; i++) {
      if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
        return false;
      }
    }
    return true;
  }
}
