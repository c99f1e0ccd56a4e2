package dev.vigil.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {
  @Test
  void readsLinesDropsOneFinalCarriageReturnAndKeepsALastLineWithoutNewline() throws IOException {
    List<String> lines = readAll("a\nb\r\nc\r\r\n\n\rd\ne", 16);
    assertThat(lines).containsExactly("a", "b", "c\r", "", "\rd", "e");
  }

  @Test
  void aLongLineIsCutButCountedAndHashedWhole() throws IOException {
    byte[] line = new byte[3 * 65_536 + 17];
    new Random(7).nextBytes(line);
    for (int i = 0; i < line.length; i++) {
      if (line[i] == '\n' || line[i] == '\r') {
        line[i] = 'x';
      }
    }
    byte[] file = new byte[line.length + 4];
    System.arraycopy(line, 0, file, 0, line.length);
    file[line.length] = '\r';
    file[line.length + 1] = '\n';
    file[line.length + 2] = 'o';
    file[line.length + 3] = 'k';

    BoundedLineReader reader = new BoundedLineReader(new ByteArrayInputStream(file), 1_000);
    assertThat(reader.next()).isTrue();
    assertThat(reader.isCut()).isTrue();
    assertThat(reader.length()).isEqualTo(line.length);
    assertThat(reader.bytes()).isEqualTo(Arrays.copyOf(line, 1_000));
    assertThat(reader.sha256()).isEqualTo(DeadLetterRaw.sha256(line, line.length));
    assertThat(reader.next()).isTrue();
    assertThat(reader.isCut()).isFalse();
    assertThat(new String(reader.bytes(), StandardCharsets.UTF_8)).isEqualTo("ok");
    assertThat(reader.next()).isFalse();
  }

  @Test
  void aLineOfExactlyTheKeptLengthIsWhole() throws IOException {
    BoundedLineReader reader =
        new BoundedLineReader(new ByteArrayInputStream("abcd\nabcde\n".getBytes()), 4);
    assertThat(reader.next()).isTrue();
    assertThat(reader.isCut()).isFalse();
    assertThat(reader.next()).isTrue();
    assertThat(reader.isCut()).isTrue();
    assertThat(reader.length()).isEqualTo(5);
  }

  private static List<String> readAll(String text, int keep) throws IOException {
    InputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    BoundedLineReader reader = new BoundedLineReader(in, keep);
    List<String> out = new ArrayList<>();
    while (reader.next()) {
      out.add(new String(reader.bytes(), StandardCharsets.UTF_8));
    }
    return out;
  }
}
