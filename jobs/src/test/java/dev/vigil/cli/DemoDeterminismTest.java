package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.demo.HostileRecords;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's traffic is a function of its seed and options: generated twice in-process, the files
 * and the records it sends are the same bytes, and the counts its summary shows from them agree.
 */
class DemoDeterminismTest {
  private static final int ACCOUNTS = 20;
  private static final long HOSTILE_CLOCK = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli();

  @Test
  void theSameSeedWritesByteIdenticalTrafficAndLabelsWithEqualCounts(@TempDir Path dir)
      throws Exception {
    DemoSimulation a = DemoSimulation.generate(ACCOUNTS, 7, dir.resolve("a"));
    DemoSimulation b = DemoSimulation.generate(ACCOUNTS, 7, dir.resolve("b"));

    for (String f : new String[] {"events.jsonl", "labels.jsonl"}) {
      assertThat(Files.size(dir.resolve("a").resolve(f))).as(f).isGreaterThan(10_000);
      assertThat(Files.mismatch(dir.resolve("a").resolve(f), dir.resolve("b").resolve(f)))
          .as(f)
          .isEqualTo(-1L);
    }
    assertThat(a.result().events()).isEqualTo(b.result().events());
    assertThat(a.result().sessions()).isEqualTo(b.result().sessions());
    assertThat(a.result().attackedSessions()).isEqualTo(b.result().attackedSessions());
    assertThat(a.historyLines()).isEqualTo(b.historyLines()).isPositive();
    assertThat(a.liveLines()).isEqualTo(b.liveLines()).isPositive();
    assertThat(a.historyLines() + a.liveLines()).isEqualTo(a.result().events());
    assertThat(a.compromised()).isEqualTo(b.compromised()).isNotEmpty();
  }

  @Test
  void theRecordsSentForASeedAreTheSameBytesInTheSameOrder(@TempDir Path dir) throws Exception {
    DemoSimulation sim = DemoSimulation.generate(ACCOUNTS, 7, dir);
    DemoRebase rebase = DemoRebase.byHours(24 * 35);

    Sent first = sent(dir, 7, rebase);
    Sent second = sent(dir, 7, rebase);

    assertThat(second).isEqualTo(first);
    assertThat(first.records())
        .as("every simulator line and the hostile records drawn (5%% of them)")
        .isGreaterThan(sim.result().events())
        .isLessThan(sim.result().events() * 11 / 10);
    assertThat(sent(dir, 8, rebase))
        .as("another seed draws other hostile records at other places")
        .isNotEqualTo(first);
  }

  @Test
  void theFirstLineIsInTheFixedSimulatedHistoryWhateverTheWallClock(@TempDir Path dir)
      throws Exception {
    DemoSimulation.generate(ACCOUNTS, 7, dir);
    String first;
    try (var r = Files.newBufferedReader(dir.resolve("events.jsonl"))) {
      first = r.readLine();
    }
    assertThat(first).startsWith("{\"@timestamp\":\"2026-10-31T");
    assertThat(DemoSimulation.WINDOW_START)
        .isEqualTo(Instant.parse("2026-11-02T00:00:00Z").toEpochMilli());
  }

  @Test
  void anotherSeedIsOtherTraffic(@TempDir Path dir) throws Exception {
    DemoSimulation.generate(ACCOUNTS, 7, dir.resolve("a"));
    DemoSimulation.generate(ACCOUNTS, 8, dir.resolve("b"));
    assertThat(Files.mismatch(dir.resolve("a/events.jsonl"), dir.resolve("b/events.jsonl")))
        .isNotEqualTo(-1L);
  }

  /** The SHA-256 of every record sent, key and value, in order, and how many were sent. */
  private record Sent(String sha256, long records) {}

  /** What the demo's feed sends for the traffic in {@code dir}. */
  private static Sent sent(Path dir, long seed, DemoRebase rebase) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    long[] records = {0};
    try (DemoFeed feed =
        new DemoFeed(
            dir.resolve("events.jsonl"), seed, 0.05, HostileRecords.all(HOSTILE_CLOCK), rebase)) {
      DemoFeed.Sink sink =
          (key, value) -> {
            sha.update(key == null ? new byte[] {0} : key);
            sha.update(ByteBuffer.allocate(4).putInt(value.length).flip());
            sha.update(value);
            records[0]++;
          };
      while (feed.sendNext(sink) != null) {
        // all of it
      }
      assertThat(feed.records()).isEqualTo(records[0]);
    }
    return new Sent(HexFormat.of().formatHex(sha.digest()), records[0]);
  }
}
