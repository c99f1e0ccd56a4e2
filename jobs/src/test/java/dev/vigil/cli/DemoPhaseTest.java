package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The demo's phase follows the timestamps of the simulator's lines it sends. */
class DemoPhaseTest {
  private static final long WINDOW = Instant.parse("2026-11-04T10:00:00Z").toEpochMilli();

  private static String line(String stamp) {
    return "{\"@timestamp\":\"" + stamp + "\",\"event.id\":\"e-1-1\",\"user.id\":\"u1\"}";
  }

  @Test
  void linesBeforeTheWindowAreTheHistoryReplayAndTheFirstLineInItStartsTheLiveWindow() {
    DemoPhase phase = new DemoPhase(WINDOW);
    assertThat(phase.name()).isEqualTo(DemoPhase.HISTORY);

    phase.sent(line("2026-11-02T10:00:00.000Z"));
    phase.sent(line("2026-11-04T09:59:59.999Z"));
    assertThat(phase.live()).isFalse();
    assertThat(phase.name()).isEqualTo("history replay");

    phase.sent(line("2026-11-04T10:00:00.000Z"));
    assertThat(phase.name()).isEqualTo("live window");
  }

  @Test
  void onceLiveItStaysLiveAndALineOfAnotherShapeChangesNothing() {
    DemoPhase phase = new DemoPhase(WINDOW);
    phase.sent("{\"garbage\": true}");
    phase.sent("");
    assertThat(phase.live()).isFalse();

    phase.sent(line("2026-11-04T10:00:00.001Z"));
    phase.sent(line("2026-11-02T00:00:00.000Z"));
    assertThat(phase.live()).isTrue();
  }

  @Test
  void theRecordKeyIsTheLinesAccount() {
    assertThat(DemoProgress.accountKey(line("2026-11-04T10:00:00.001Z")))
        .asString()
        .isEqualTo("u1");
    assertThat(DemoProgress.accountKey("{}")).isNull();
  }
}
