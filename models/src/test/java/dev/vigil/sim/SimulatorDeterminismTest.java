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
}
