package dev.vigil.train;

import dev.vigil.injection.InjectionConfig;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small simulated exchange history for the trainer's tests, generated once per JVM: 150 accounts
 * (retail, a tenth bots, a few institutional), three days of people's history and six hours of the
 * bots' before a six-hour window with a few labelled attacks (mostly benign, never clean), and a
 * small injection so that a run stays within seconds.
 */
final class TrainingFixture {
  static final long HOUR = 3_600_000L;
  static final String MIX =
      "{\"populations\": {\"retail\": 0.97, \"bot\": 0.02, \"market_maker\": 0,"
          + " \"institutional\": 0.01},"
          + " \"scenarios\": {\"token_hijack\": 0.01, \"stolen_api_key\": 0.01,"
          + " \"abuse_scraping\": 0.01}}";
  static final String INJECTION =
      "{\"attacks\": {\"stolen_api_key\": 8, \"token_hijack\": 8, \"replay\": 6,"
          + " \"credential_stuffing\": 6, \"mfa_brute_force\": 6, \"low_and_slow\": 8}}";

  private static Path dir;

  private TrainingFixture() {}

  static synchronized Path dir() {
    if (dir == null) {
      try {
        Path d = Files.createTempDirectory("vigil-train-test");
        SimulationConfig c =
            new SimulationConfig(200, 6 * HOUR, 5, ScenarioMix.parse(MIX, "test"))
                .withWarmup(48 * HOUR, 2 * HOUR);
        Simulator.generate(c, d);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(d)));
        dir = d;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }

  private static void delete(Path d) {
    try (var files = Files.walk(d)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // A temporary directory: the OS cleans up what is left.
    }
  }

  static Path history() {
    return dir().resolve("events.jsonl");
  }

  /** The history without its automated (HMAC-signed) sessions: a smaller, human-only log. */
  static synchronized Path humanOnly() {
    Path out = dir().resolve("human-events.jsonl");
    if (!Files.exists(out)) {
      try (var lines = Files.lines(history())) {
        Files.write(out, lines.filter(l -> !l.contains("\"hmac\"")).toList());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  static Path labels() {
    return dir().resolve("labels.jsonl");
  }

  static InjectionConfig injection() {
    return InjectionConfig.parse(INJECTION, InjectionConfig.defaults());
  }
}
