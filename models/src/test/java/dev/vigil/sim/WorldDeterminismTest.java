package dev.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same world and seed write the same bytes; different worlds write different traffic. */
class WorldDeterminismTest {
  private static SimulationConfig config(World w) {
    return new SimulationConfig(150, 10 * 60_000L, 4, ScenarioMix.none())
        .withWarmup(2 * 3_600_000L, 10 * 60_000L)
        .inWorld(w);
  }

  @Test
  void everyBuiltInWorldIsByteIdenticalForASeed(@TempDir Path dir) throws Exception {
    for (World w : World.select("all")) {
      Path a = dir.resolve(w.name() + "-a");
      Path b = dir.resolve(w.name() + "-b");
      Simulator.generate(config(w), a);
      Simulator.generate(config(w), b);
      for (String f : new String[] {"events.jsonl", "labels.jsonl"}) {
        assertThat(Files.size(a.resolve(f))).isGreaterThan(1000);
        assertThat(Files.mismatch(a.resolve(f), b.resolve(f))).as(w.name() + " " + f).isEqualTo(-1);
      }
    }
  }

  @Test
  void aWorldChangesTheTrafficButNotTheDefaultRun(@TempDir Path dir) throws Exception {
    SimulationConfig plain = new SimulationConfig(150, 10 * 60_000L, 4, ScenarioMix.defaults());
    Simulator.generate(plain, dir.resolve("plain"));
    Simulator.generate(plain.withParameters(WorldParameters.defaults()), dir.resolve("same"));
    Simulator.generate(
        plain.withParameters(World.resolve("geoip-noisy").parameters()), dir.resolve("noisy"));
    assertThat(Files.mismatch(dir.resolve("plain/events.jsonl"), dir.resolve("same/events.jsonl")))
        .isEqualTo(-1);
    assertThat(Files.mismatch(dir.resolve("plain/events.jsonl"), dir.resolve("noisy/events.jsonl")))
        .isNotEqualTo(-1);
    // GeoIP noise moves locations only: the same requests at the same instants.
    assertThat(Files.readAllLines(dir.resolve("noisy/labels.jsonl")))
        .isEqualTo(Files.readAllLines(dir.resolve("plain/labels.jsonl")));
  }
}
