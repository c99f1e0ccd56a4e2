package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil simulate --world} and {@code vigil robustness}, run through the real CLI. */
class WorldCommandsTest {
  private static CliRun simulate(Path out, String world) {
    return CliRun.of(
        "simulate",
        "--world",
        world,
        "--accounts",
        "60",
        "--duration",
        "5m",
        "--seed",
        "4",
        "--out",
        out.toString());
  }

  @Test
  void simulateInAWorldIsDeterministicAndWritesTheWorldsGeoIp(@TempDir Path dir) throws Exception {
    CliRun a = simulate(dir.resolve("a"), "geoip-noisy");
    CliRun b = simulate(dir.resolve("b"), "geoip-noisy");
    assertThat(a.exitCode()).as(a.err()).isZero();
    assertThat(b.exitCode()).as(b.err()).isZero();
    assertThat(a.out()).contains("wrote");
    for (String f : new String[] {"events.jsonl", "labels.jsonl"}) {
      assertThat(Files.mismatch(dir.resolve("a").resolve(f), dir.resolve("b").resolve(f)))
          .as(f)
          .isEqualTo(-1L);
    }
    try (var r = Files.newBufferedReader(dir.resolve("a/events.jsonl"))) {
      assertThat(r.readLine()).contains("\"source.geo.accuracy_radius_km\":500");
    }
    CliRun plain =
        CliRun.of(
            "simulate",
            "--accounts",
            "60",
            "--duration",
            "5m",
            "--seed",
            "4",
            "--out",
            dir.resolve("plain").toString());
    assertThat(plain.exitCode()).as(plain.err()).isZero();
    assertThat(Files.mismatch(dir.resolve("a/events.jsonl"), dir.resolve("plain/events.jsonl")))
        .isNotEqualTo(-1L);
  }

  @Test
  void simulateRefusesABadWorldFileNamingTheKey(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("w.json");
    Files.writeString(f, "{\"name\": \"w\", \"parameters\": {\"geo_noise\": \"loud\"}}");
    CliRun r = simulate(dir.resolve("out"), f.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .contains("parameters.geo_noise must be none, per_network, per_request or broken");
    CliRun unknown = simulate(dir.resolve("out"), "atlantis");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("neither a built-in world").contains("baseline");
  }

  @Test
  void simulateHelpNamesTheWorlds() {
    CliRun r = CliRun.of("simulate", "--help");
    assertThat(r.out()).contains("--world").contains("careful-attackers");
  }

  @Test
  void robustnessPrintsOneRowPerWorldAndWritesJson(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("rows.json");
    CliRun r =
        CliRun.of(
            "robustness",
            "--worlds",
            "baseline,app-churn",
            "--accounts",
            "50",
            "--seeds",
            "2",
            "--duration",
            "20m",
            "--warmup",
            "1h",
            "--automated-warmup",
            "10m",
            "--json",
            json.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("compromise").contains("careful").contains("step/hold");
    assertThat(r.out().lines().filter(l -> l.startsWith("baseline "))).hasSize(2);
    assertThat(r.out().lines().filter(l -> l.startsWith("app-churn "))).hasSize(2);
    assertThat(Files.readString(json)).contains("\"world\" : \"app-churn\"");
  }

  @Test
  void robustnessRefusesAnUnknownWorldAndABadModel(@TempDir Path dir) throws Exception {
    CliRun r = CliRun.of("robustness", "--worlds", "atlantis", "--accounts", "10");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("atlantis");
    Path model = dir.resolve("m.json");
    Files.writeString(model, "{}");
    CliRun bad = CliRun.of("robustness", "--worlds", "baseline", "--model", model.toString());
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("model file").contains("is invalid");
  }
}
