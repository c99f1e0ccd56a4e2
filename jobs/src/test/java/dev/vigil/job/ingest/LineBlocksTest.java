package dev.vigil.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.AccessLogParser;
import dev.vigil.schema.PlainJson;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file backtest's block reader against the job's file reader, record for record. */
class LineBlocksTest {
  @TempDir Path dir;

  private static final String EVENT =
      "{\"@timestamp\":\"2026-11-02T00:00:00.006Z\",\"event.id\":\"e-%d\",\"session.id\":\"s1\","
          + "\"user.id\":\"u1\",\"source.ip\":\"198.19.98.254\",\"http.request.method\":\"GET\","
          + "\"url.path\":\"/api/v3/account\",\"http.response.status_code\":200,"
          + "\"event.outcome\":\"success\",\"exchange.auth.method\":\"hmac\"}";

  @Test
  void cutsNumbersAndValidatesEveryLineAsTheJobsFileReaderDoes() throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      // Four lines longer than a block (1 MiB), about a hundred over 64 KiB, a few of each other
      // kind.
      int kind = i % 5000 == 17 ? 3 : random.nextInt(200);
      if (kind == 3 && i % 5000 != 17) {
        kind = 100;
      }
      byte[] line =
          switch (kind) {
            case 0 -> new byte[0]; // an empty line
            case 1 -> "   \t ".getBytes(StandardCharsets.US_ASCII);
            case 2 -> filled(70_000 + random.nextInt(1000), 'x'); // over 64 KiB: cut
            case 3 -> filled(1_100_000 + random.nextInt(3_000_000), 'y'); // over a whole block
            case 4 -> new byte[] {(byte) 0xC3, (byte) 0x28}; // invalid UTF-8
            case 5 -> "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.US_ASCII);
            case 6 -> ("{\"x\":\"a\rb\"}").getBytes(StandardCharsets.US_ASCII); // inner \r
            default -> String.format(EVENT, i).getBytes(StandardCharsets.UTF_8);
          };
      file.write(line);
      if (kind == 3 && random.nextBoolean()) {
        file.write('\r'); // CRLF after a long line: the \r is dropped
      } else if (random.nextInt(10) == 0) {
        file.write('\r');
      }
      file.write('\n');
    }
    file.write("{\"last\":\"no newline\"}\r".getBytes(StandardCharsets.US_ASCII));
    Path path = dir.resolve("lines.jsonl");
    Files.write(path, file.toByteArray());

    List<String> expected = jobReader(path);
    List<String> actual = new ArrayList<>();
    IngestSettings settings = IngestSettings.defaults();
    AccessLogParser parser = new AccessLogParser(settings.limits());
    try (InputStream in = Files.newInputStream(path)) {
      LineBlocks blocks = new LineBlocks(in, settings.limits(), "lines.jsonl");
      for (LineBlocks.Block b = blocks.next(); b != null; b = blocks.next()) {
        for (Ingested r : blocks.parse(b, parser)) {
          actual.add(text(r));
        }
      }
    }
    assertThat(actual).hasSize(20_001);
    assertThat(actual).isEqualTo(expected);
    assertThat(actual).anyMatch(s -> s.contains("OVERSIZED"));
    assertThat(actual).anyMatch(s -> s.contains("\"eventId\":\"e-"));
  }

  private static List<String> jobReader(Path path) throws Exception {
    JsonLinesFormat format = new JsonLinesFormat(IngestSettings.defaults(), "lines.jsonl");
    org.apache.flink.core.fs.Path p = new org.apache.flink.core.fs.Path(path.toUri());
    List<String> out = new ArrayList<>();
    try (StreamFormat.Reader<Ingested> reader =
        format.createReader(new Configuration(), FileSystem.getLocalFileSystem().open(p))) {
      for (Ingested r = reader.read(); r != null; r = reader.read()) {
        out.add(text(r));
      }
    }
    return out;
  }

  /** The record as JSON, without the wall-clock time of a rejection. */
  private static String text(Ingested r) {
    return r.isEvent()
        ? PlainJson.toJson(r.event)
        : PlainJson.toJson(r.deadLetter).replaceAll("\"time\":[0-9]+", "");
  }

  private static byte[] filled(int n, char c) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) c);
    return b;
  }
}
