package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo moves its fixed simulated clock to the present by whole hours, times only. */
class DemoRebaseTest {
  private static final long HOUR = 3_600_000L;

  @Test
  void theWindowEndsBetweenTenAndSeventyMinutesBeforeNowByWholeHours() {
    long now = Instant.parse("2026-12-07T14:35:44.123Z").toEpochMilli();
    DemoRebase r = DemoRebase.endingBefore(DemoSimulation.WINDOW_END, now);

    assertThat(r.offsetMs() % HOUR).isZero();
    long end = DemoSimulation.WINDOW_END + r.offsetMs();
    assertThat(end).isBetween(now - DemoRebase.MARGIN_MS - HOUR + 1, now - DemoRebase.MARGIN_MS);
    assertThat(Instant.ofEpochMilli(end)).isEqualTo(Instant.parse("2026-12-07T14:00:00Z"));
  }

  @Test
  void movesTheTimestampAndTheRequestTimeAndLeavesEveryOtherByte() {
    DemoRebase r = DemoRebase.byHours(24 * 36 + 13);
    String line =
        "{\"@timestamp\":\"2026-11-01T23:59:58.042Z\",\"event.id\":\"e-7-1\","
            + "\"user.id\":\"u0000001\",\"user_agent.original\":\"Telefónica/1\","
            + "\"exchange.request.timestamp\":1762041598011,\"exchange.request.nonce\":5}";

    String moved = new String(r.apply(line), StandardCharsets.UTF_8);

    assertThat(moved)
        .isEqualTo(
            "{\"@timestamp\":\"2026-12-08T12:59:58.042Z\",\"event.id\":\"e-7-1\","
                + "\"user.id\":\"u0000001\",\"user_agent.original\":\"Telefónica/1\","
                + "\"exchange.request.timestamp\":"
                + (1762041598011L + (24 * 36 + 13) * HOUR)
                + ",\"exchange.request.nonce\":5}");
    assertThat(new String(r.apply(line), StandardCharsets.UTF_8))
        .as("the same line again (the hour's text is cached)")
        .isEqualTo(moved);
  }

  @Test
  void leavesLinesOfAnotherShapeAsTheyAre() {
    DemoRebase r = DemoRebase.byHours(5);
    for (String line : List.of("", "{}", "{\"@timestamp\":\"yesterday\"}", "[1,2]")) {
      assertThat(new String(r.apply(line), StandardCharsets.UTF_8)).isEqualTo(line);
    }
  }

  @Test
  void labelsMoveTheirTimesAlikeAndKeepEverythingElse(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("labels.jsonl");
    Files.writeString(
        in,
        "{\"session_id\":\"s1\",\"label\":\"compromise\",\"takeover_time\":1000,"
            + "\"last_attacker_time\":3000,\"first_event_time\":500,\"last_event_time\":4000,"
            + "\"attacker_event_times\":[1000,2000,3000]}\n"
            + "{\"session_id\":\"s2\",\"label\":\"benign\",\"takeover_time\":null,"
            + "\"first_event_time\":7,\"last_event_time\":9,\"warmup\":true}\n");

    DemoRebase.byHours(2).labels(in, dir.resolve("out.jsonl"));

    long h = 2 * HOUR;
    assertThat(Files.readAllLines(dir.resolve("out.jsonl")))
        .containsExactly(
            "{\"session_id\":\"s1\",\"label\":\"compromise\",\"takeover_time\":"
                + (1000 + h)
                + ",\"last_attacker_time\":"
                + (3000 + h)
                + ",\"first_event_time\":"
                + (500 + h)
                + ",\"last_event_time\":"
                + (4000 + h)
                + ",\"attacker_event_times\":["
                + (1000 + h)
                + ","
                + (2000 + h)
                + ","
                + (3000 + h)
                + "]}",
            "{\"session_id\":\"s2\",\"label\":\"benign\",\"takeover_time\":null,"
                + "\"first_event_time\":"
                + (7 + h)
                + ",\"last_event_time\":"
                + (9 + h)
                + ",\"warmup\":true}");
  }
}
