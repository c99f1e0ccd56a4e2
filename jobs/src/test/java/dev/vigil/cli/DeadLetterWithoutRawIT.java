package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.job.ingest.DeadLetterRaw;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dead-letter.keep-raw=false}: a refused line's dead letter keeps its reason, length and
 * SHA-256 but none of its bytes, so the IP address and user agent it carried are not on the
 * dead-letter topic; by default the bytes are kept for replay.
 */
class DeadLetterWithoutRawIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IP = "203.0.113.77";
  private static final String UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0";

  @TempDir Path dir;

  @Test
  void deadLettersWithoutRawKeepReasonLengthAndHashButNoneOfTheRecordsPersonalData()
      throws Exception {
    long t0 = Instant.parse("2026-11-02T09:00:00Z").toEpochMilli();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      lines.add(line(t0 + i * 1_000L));
    }
    String whole = line(t0 + 20_500L);
    String broken = whole.substring(0, whole.length() - 1); // cut off: malformed JSON
    lines.add(20, broken);
    Path input = dir.resolve("events.jsonl");
    Files.write(input, lines);

    List<JsonNode> kept = deadLetters(input, "kept", "dead-letter.keep-raw=true");
    List<JsonNode> dropped = deadLetters(input, "dropped", "dead-letter.keep-raw=false");

    byte[] raw = broken.getBytes(StandardCharsets.UTF_8);
    assertThat(kept).hasSize(1);
    assertThat(Base64.getDecoder().decode(kept.get(0).get("raw").asText())).isEqualTo(raw);
    assertThat(dropped).hasSize(1);
    JsonNode d = dropped.get(0);
    System.out.println("without raw: " + d);
    assertThat(d.get("reason").asText()).isEqualTo(kept.get(0).get("reason").asText());
    assertThat(d.get("raw").asText()).isEmpty();
    assertThat(d.get("rawLength").asLong()).isEqualTo(raw.length);
    assertThat(Base64.getDecoder().decode(d.get("rawSha256").asText()))
        .isEqualTo(DeadLetterRaw.sha256(raw, raw.length));
    assertThat(d.toString()).doesNotContain(IP).doesNotContain("Firefox");
  }

  private List<JsonNode> deadLetters(Path input, String name, String setting) throws Exception {
    Path out = dir.resolve(name);
    CliRun run =
        CliRun.of(
            "score",
            "--input",
            input.toString(),
            "--out",
            out.toString(),
            "--set",
            "parallelism=1",
            "--set",
            setting);
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<JsonNode> out2 = new ArrayList<>();
    for (String l : Files.readAllLines(out.resolve("dead-letter.jsonl"))) {
      out2.add(JSON.readTree(l));
    }
    return out2;
  }

  /** An access-log line from {@link #IP} with {@link #UA}. */
  private static String line(long millis) {
    return "{\"@timestamp\":\""
        + Instant.ofEpochMilli(millis)
        + "\",\"session.id\":\"s1\",\"user.id\":\"acct-1\",\"source.ip\":\""
        + IP
        + "\",\"user_agent.original\":\""
        + UA
        + "\",\"http.request.method\":\"GET\",\"http.response.status_code\":200,"
        + "\"url.path\":\"/api/v3/orders\"}";
  }
}
