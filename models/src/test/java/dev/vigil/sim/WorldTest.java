package dev.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Worlds load from their names and from files, and bad files are refused naming the bad key. */
class WorldTest {
  @Test
  void builtInWorldsAreSplitOnceAndForAllIntoTuningAndHeldOut() {
    List<World> all = World.select("all");
    assertThat(all).hasSizeGreaterThanOrEqualTo(8);
    List<World> tuning = World.select("tuning");
    List<World> heldOut = World.select("held-out");
    assertThat(tuning)
        .extracting(World::name)
        .containsExactly("baseline", "geoip-noisy", "mobile-first", "never-cash-out", "app-churn");
    assertThat(heldOut)
        .extracting(World::name)
        .containsExactly("cash-out-heavy", "cloud-bots", "careful-attackers", "travel-vpn-heavy");
    assertThat(tuning.size() + heldOut.size()).isEqualTo(all.size());
    for (World w : all) {
      assertThat(w.description()).isNotBlank();
      assertThat(w.mix().scenarios().get(Scenario.SIM_SWAP)).isPositive();
    }
  }

  @Test
  void builtInWorldsChangeWhatTheirNamesSay() {
    assertThat(World.resolve("baseline").parameters()).isEqualTo(WorldParameters.defaults());
    assertThat(World.resolve("cash-out-heavy").parameters().newWalletShare()).isEqualTo(0.2);
    assertThat(World.resolve("never-cash-out").parameters().newWalletShare()).isZero();
    assertThat(World.resolve("geoip-noisy").parameters().geoNoise())
        .isEqualTo(GeoNoise.PER_REQUEST);
    assertThat(World.resolve("travel-vpn-heavy").mix().hardCases().get(HardCase.VPN))
        .isEqualTo(0.15);
    assertThat(World.resolve("careful-attackers").mix().scenarios().get(Scenario.SIM_SWAP))
        .isGreaterThan(World.resolve("baseline").mix().scenarios().get(Scenario.SIM_SWAP));
  }

  @Test
  void aWorldFileTakesDefaultsForWhatItLeavesOut(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("w.json");
    Files.writeString(
        f,
        "{\"name\": \"noisy-cash\", \"parameters\": {\"geo_noise\": \"per_network\","
            + " \"geo_accuracy_km\": 300, \"new_wallet_share\": 0.2},"
            + " \"mix\": {\"scenarios\": {\"sim_swap\": 0.01}}}");
    World w = World.resolve(f.toString());
    assertThat(w.name()).isEqualTo("noisy-cash");
    assertThat(w.split()).isEqualTo(World.Split.CUSTOM);
    assertThat(w.parameters().geoAccuracyKm()).isEqualTo(300);
    assertThat(w.parameters().mobileSessionShare())
        .isEqualTo(WorldParameters.defaults().mobileSessionShare());
    assertThat(w.mix().scenarios()).containsOnlyKeys(Scenario.SIM_SWAP);
    assertThat(World.select("baseline," + f))
        .extracting(World::name)
        .containsExactly("baseline", "noisy-cash");
  }

  @Test
  void badWorldsAreRefusedNamingTheKey() {
    assertRefused("{\"name\": \"x\", \"colour\": 1}", "unknown key 'colour'");
    assertRefused("{\"description\": \"x\"}", "'name' is required");
    assertRefused(
        "{\"name\": \"x\", \"parameters\": {\"geo_radius\": 5}}",
        "parameters: unknown key 'geo_radius'");
    assertRefused(
        "{\"name\": \"x\", \"parameters\": {\"geo_accuracy_km\": 5}}",
        "parameters.geo_accuracy_km must be in [10, 1000]");
    assertRefused(
        "{\"name\": \"x\", \"parameters\": {\"new_wallet_share\": 0.5}}",
        "parameters.new_wallet_share must be in [0, 0.2]");
    assertRefused(
        "{\"name\": \"x\", \"parameters\": {\"geo_noise\": \"loud\"}}",
        "parameters.geo_noise must be none, per_network, per_request or broken");
    assertRefused(
        "{\"name\": \"x\", \"parameters\": {\"geo_noise\": \"broken\","
            + " \"geo_broken_from\": \"soon\"}}",
        "parameters.geo_broken_from must be an offset from the window's start (e.g. 90m, 1h,"
            + " PT1H30M) or an RFC 3339 instant (e.g. 2026-11-02T01:00:00Z), got 'soon'");
    assertRefused(
        "{\"name\": \"x\", \"parameters\": {\"geo_noise\": \"broken\","
            + " \"geo_broken_from\": \"-PT1H\"}}",
        "parameters.geo_broken_from must be an offset");
    assertRefused(
        "{\"name\": \"x\", \"parameters\": {\"geo_noise\": \"broken\","
            + " \"geo_broken_from\": 3600}}",
        "parameters.geo_broken_from must be a string, got 3600");
    assertRefused(
        "{\"name\": \"x\", \"parameters\": {\"geo_broken_from\": \"1h\"}}",
        "parameters.geo_broken_from needs geo_noise broken, got geo_noise none");
    assertRefused(
        "{\"name\": \"x\", \"parameters\": {\"mobile_hop_share\": \"lots\"}}",
        "parameters.mobile_hop_share must be a number");
    assertRefused(
        "{\"name\": \"x\", \"mix\": {\"scenarios\": {\"sim_swop\": 0.01}}}",
        "mix: scenarios: unknown name 'sim_swop'");
    assertRefused("{\"name\": \"x\", \"split\": \"test\"}", "split must be");
    assertRefused("{\"name\": \"Bad Name\"}", "world name");
    assertRefused("{\"name\": \"x\", \"name\": \"y\"}", "not valid JSON");
  }

  @Test
  void anUnknownWorldNamesTheBuiltIns() {
    assertThatThrownBy(() -> World.resolve("marsbase"))
        .hasMessageContaining("marsbase")
        .hasMessageContaining("baseline, geoip-noisy");
    assertThatThrownBy(() -> World.select("baseline,baseline")).hasMessageContaining("named twice");
  }

  private static void assertRefused(String json, String message) {
    assertThatThrownBy(() -> World.parse(json, "w.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("w.json")
        .hasMessageContaining(message);
  }

  @Test
  void aFeedBreaksAtAnOffsetFromTheWindowOrAtAnInstant() {
    long start = SimulationConfig.DEFAULT_START;
    assertThat(
            World.parse("{\"name\": \"x\", \"parameters\": {\"geo_noise\": \"broken\"}}", "t")
                .parameters()
                .geoBrokenFrom()
                .at(start))
        .as("the window's start by default")
        .isEqualTo(start);
    assertThat(GeoBrokenFrom.parse("1h").at(start)).isEqualTo(start + 3_600_000L);
    assertThat(GeoBrokenFrom.parse("90m").at(start)).isEqualTo(start + 5_400_000L);
    assertThat(GeoBrokenFrom.parse("PT1H30M").at(start)).isEqualTo(start + 5_400_000L);
    assertThat(GeoBrokenFrom.parse("2026-11-02T01:00:00Z").at(0)).isEqualTo(start + 3_600_000L);
    assertThat(GeoBrokenFrom.parse("2026-11-02T02:00:00+01:00").at(0))
        .isEqualTo(start + 3_600_000L);
    World w =
        World.parse(
            "{\"name\": \"x\", \"parameters\": {\"geo_noise\": \"broken\","
                + " \"geo_broken_from\": \"2h\"}}",
            "t");
    assertThat(w.parameters().geoBrokenFrom()).isEqualTo(new GeoBrokenFrom(7_200_000L, false));
  }
}
