package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.job.ingest.DeadLetterRaw;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: any line over 2 MiB crashed {@code vigil score} ("collecting results failed" after ten
 * restarts), because the dead letter carried the whole line and outgrew the collect sink's 2 MiB
 * batch. Now a 2.5 MiB line and a 20 MiB line among normal traffic are each one OVERSIZED dead
 * letter of at most 64 KiB with the line's exact length and SHA-256, and the run exits 0.
 */
class ScoreLargeLinesIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void linesOf2AndAHalfAnd20MebibytesAreDeadLetteredWithLengthAndHashAndTheRunSucceeds()
      throws Exception {
    Path input = dir.resolve("events.jsonl");
    long t0 = Instant.parse("2026-11-02T09:00:00Z").toEpochMilli();
    int[] big = {(5 << 20) / 2, 20 << 20};
    int[] at = {101, 202};
    byte[][] bigLines = new byte[2][];
    try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
      for (int line = 1; line <= 300; line++) {
        int k = line == at[0] ? 0 : line == at[1] ? 1 : -1;
        String text = line(t0 + line * 1_000L, line % 7, k < 0 ? "/api/v3/order" : null, big[0]);
        if (k >= 0) {
          text = line(t0 + line * 1_000L, 1, null, big[k]);
          bigLines[k] = text.getBytes(StandardCharsets.UTF_8);
        }
        w.write(text);
        w.write('\n');
      }
    }
    Path out = dir.resolve("out");

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
            "risk.audit-min-probability-change=0");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> deadLetters = Files.readAllLines(out.resolve("dead-letter.jsonl"));
    assertThat(deadLetters).hasSize(2);
    for (int k = 0; k < 2; k++) {
      JsonNode d = JSON.readTree(deadLetters.get(k));
      byte[] raw = Base64.getDecoder().decode(d.get("raw").asText());
      byte[] hash = Base64.getDecoder().decode(d.get("rawSha256").asText());
      assertThat(d.get("reason").asText()).isEqualTo("OVERSIZED");
      assertThat(d.get("sourceOffset").asLong()).isEqualTo(at[k]);
      assertThat(d.get("rawLength").asLong()).isEqualTo(bigLines[k].length);
      assertThat(raw).hasSize(DeadLetterRaw.MAX_RAW_BYTES);
      assertThat(raw).isEqualTo(java.util.Arrays.copyOf(bigLines[k], raw.length));
      assertThat(hash).isEqualTo(DeadLetterRaw.sha256(bigLines[k], bigLines[k].length));
      System.out.printf(
          "line %d: %,d bytes -> dead letter OVERSIZED with %,d raw bytes, length and SHA-256%n",
          at[k], bigLines[k].length, raw.length);
    }
    // The other 298 lines were scored: with every change audited, they have decisions.
    assertThat(Files.readAllLines(out.resolve("decisions.jsonl"))).hasSizeGreaterThan(100);
    assertThat(run.out()).contains("2 dead letters (oversized 2)");
  }

  /** A valid access-log line; with {@code path} null, one whose path pads it to {@code size}. */
  private static String line(long millis, int account, String path, int size) {
    String head =
        "{\"@timestamp\":\""
            + Instant.ofEpochMilli(millis)
            + "\",\"session.id\":\"s"
            + account
            + "\",\"user.id\":\"acct-"
            + account
            + "\",\"source.ip\":\"198.51.100."
            + (account + 1)
            + "\",\"http.request.method\":\"GET\",\"http.response.status_code\":200,"
            + "\"url.path\":\"";
    String p = path != null ? path : "/" + "x".repeat(size - head.length() - 3);
    return head + p + "\"}";
  }
}
