package dev.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorDeterminismTest {
  private static SimulationConfig config(long seed) {
    return new SimulationConfig(250, 15 * 60_000L, seed, ScenarioMix.attacksOnlySmall());
  }

  @Test
  void sameSeedWritesByteIdenticalFiles(@TempDir Path dir) throws Exception {
    Simulator.generate(config(11), dir.resolve("a"));
    Simulator.generate(config(11), dir.resolve("b"));
    for (String f : new String[] {"events.jsonl", "labels.jsonl"}) {
      assertThat(Files.size(dir.resolve("a").resolve(f))).isGreaterThan(1000);
      assertThat(Files.mismatch(dir.resolve("a").resolve(f), dir.resolve("b").resolve(f)))
          .as(f)
          .isEqualTo(-1L);
    }
  }

  @Test
  void anotherSeedWritesOtherTraffic(@TempDir Path dir) throws Exception {
    Simulator.generate(config(11), dir.resolve("a"));
    Simulator.generate(config(12), dir.resolve("b"));
    assertThat(Files.mismatch(dir.resolve("a/events.jsonl"), dir.resolve("b/events.jsonl")))
        .isNotEqualTo(-1L);
    assertThat(Files.mismatch(dir.resolve("a/labels.jsonl"), dir.resolve("b/labels.jsonl")))
        .isNotEqualTo(-1L);
  }

  @Test
  void outputDoesNotDependOnTheWallClockButOnTheStartOption(@TempDir Path dir) throws Exception {
    SimulationConfig later =
        new SimulationConfig(
            250,
            15 * 60_000L,
            11,
            SimulationConfig.DEFAULT_START + 86_400_000L,
            ScenarioMix.attacksOnlySmall());
    Simulator.generate(later, dir.resolve("a"));
    String first = Files.readAllLines(dir.resolve("a/events.jsonl")).get(0);
    assertThat(first).startsWith("{\"@timestamp\":\"2026-11-03T00:00:");
  }

  @Test
  void warmUpIsDeterministicAndWritesOnlyBenignHistoryBeforeTheWindow(@TempDir Path dir)
      throws Exception {
    // No market makers: at 50-200 requests a second they would dwarf a test-sized warm-up.
    SimulationConfig c =
        new SimulationConfig(
                150,
                15 * 60_000L,
                11,
                SimFixture.mix(
                    "{\"populations\": {\"retail\": 0.9, \"bot\": 0.1, \"market_maker\": 0},"
                        + " \"scenarios\": {\"token_hijack\": 0.02, \"replay\": 0.02}}"))
            .withWarmup(2 * 3_600_000L, 10 * 60_000L);
    Simulator.generate(c, dir.resolve("a"));
    Simulator.generate(c, dir.resolve("b"));
    assertThat(Files.mismatch(dir.resolve("a/events.jsonl"), dir.resolve("b/events.jsonl")))
        .isEqualTo(-1L);
    String first;
    try (java.io.BufferedReader r = Files.newBufferedReader(dir.resolve("a/events.jsonl"))) {
      first = r.readLine();
    }
    assertThat(first).startsWith("{\"@timestamp\":\"2026-11-01T22:");
    long warmup = 0;
    for (String line : Files.readAllLines(dir.resolve("a/labels.jsonl"))) {
      com.fasterxml.jackson.databind.JsonNode l = SimFixture.JSON.readTree(line);
      if (l.path("warmup").asBoolean(false)) {
        warmup++;
        assertThat(l.get("label").asText()).isEqualTo("benign");
        assertThat(l.get("first_event_time").asLong()).isLessThan(c.startMs());
      } else if (!l.get("label").asText().equals("benign")) {
        assertThat(l.get("takeover_time").asLong()).isGreaterThanOrEqualTo(c.startMs());
      }
    }
    assertThat(warmup).isPositive();
  }

  @Test
  void noWarmUpLeavesTheFilesAsTheyWere(@TempDir Path dir) throws Exception {
    Simulator.generate(config(11), dir.resolve("a"));
    Simulator.generate(config(11).withWarmup(0, 0), dir.resolve("b"));
    for (String f : new String[] {"events.jsonl", "labels.jsonl"}) {
      assertThat(Files.mismatch(dir.resolve("a").resolve(f), dir.resolve("b").resolve(f)))
          .as(f)
          .isEqualTo(-1L);
    }
    assertThat(Files.readString(dir.resolve("a/labels.jsonl"))).doesNotContain("warmup");
  }

  @Test
  void rejectsAnAutomatedWarmUpLongerThanTheWarmUp() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> config(1).withWarmup(3_600_000L, 7_200_000L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("automated warm-up");
  }
}
