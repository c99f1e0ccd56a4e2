package dev.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GeoIP noise moves locations within the accuracy radius, per address or per request. */
class GeoNoiseTest {
  private static final double KM_PER_DEGREE = 111.195;

  /** Locations written per source address, and the radius and network type of every event. */
  private static Map<String, List<double[]>> locations(GeoNoise noise, double radiusKm) {
    WorldParameters p = new WorldParameters(noise, radiusKm, 0.45, 0, 0, 0.1, 0, 0, 0, 0);
    Map<String, List<double[]>> byIp = new HashMap<>();
    new SimFixture(
        new SimulationConfig(120, 20 * 60_000L, 8, ScenarioMix.defaults()).withParameters(p),
        e -> {
          assertThat(e.get("source.geo.accuracy_radius_km").doubleValue())
              .isEqualTo(Math.round(radiusKm));
          JsonNode loc = e.get("source.geo.location");
          byIp.computeIfAbsent(e.get("source.ip").asText(), k -> new ArrayList<>())
              .add(new double[] {loc.get("lat").doubleValue(), loc.get("lon").doubleValue()});
        });
    return byIp;
  }

  @Test
  void perRequestNoiseScattersOneAddressAcrossTheRadius() {
    double radius = 400;
    Map<String, List<double[]>> byIp = locations(GeoNoise.PER_REQUEST, radius);
    double widest = 0;
    for (List<double[]> points : byIp.values()) {
      for (double[] p : points) {
        for (double[] q : points.subList(0, Math.min(points.size(), 50))) {
          double d = distanceKm(p, q);
          // Each point is within the radius of the address's own point (2% for the flat-Earth
          // step).
          assertThat(d).isLessThanOrEqualTo(2 * radius * 1.02);
          widest = Math.max(widest, d);
        }
      }
    }
    assertThat(widest).as("the same network hundreds of km apart").isGreaterThan(300);
  }

  @Test
  void perNetworkNoiseMovesEachAddressOnceWithinTheRadius() {
    double radius = 300;
    Map<String, List<double[]>> noisy = locations(GeoNoise.PER_NETWORK, radius);
    Map<String, List<double[]>> quiet = locations(GeoNoise.NONE, 50);
    double farthest = 0;
    for (Map.Entry<String, List<double[]>> e : noisy.entrySet()) {
      double[] first = e.getValue().get(0);
      for (double[] p : e.getValue()) {
        assertThat(p).containsExactly(first);
      }
      double[] truth = quiet.get(e.getKey()).get(0);
      double d = distanceKm(first, truth);
      assertThat(d).isLessThanOrEqualTo(radius * 1.02);
      farthest = Math.max(farthest, d);
    }
    assertThat(farthest).isGreaterThan(radius / 2);
  }

  @Test
  void movedPointsFillTheDiscUniformly() {
    int inner = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      double[] p = GeoFields.moved(48.0, 2.0, 500, Rand.mix(i));
      double d = distanceKm(p, new double[] {48.0, 2.0});
      assertThat(d).isLessThanOrEqualTo(510);
      inner += d <= 250 ? 1 : 0;
    }
    // Uniform over the disc: a quarter of the points within half the radius (binomial sd 0.003).
    assertThat((double) inner / n).isBetween(0.235, 0.265);
  }

  private static double distanceKm(double[] a, double[] b) {
    return new Country("A", "", a[0], a[1], 0).distanceKm(new Country("B", "", b[0], b[1], 0));
  }

  @Test
  void networkTypeFollowsTheAutonomousSystem() {
    Map<String, String> typeByAs = new HashMap<>();
    new SimFixture(
        new SimulationConfig(120, 10 * 60_000L, 8, ScenarioMix.attacksOnlySmall()),
        e -> {
          String as = e.get("source.as.organization.name").asText();
          String type = e.get("source.network.type").asText();
          String before = typeByAs.put(as + "/" + e.get("source.as.number"), type);
          assertThat(before == null || before.equals(type)).as(as).isTrue();
        });
    assertThat(typeByAs.get("Amazon.com, Inc./16509")).isEqualTo("hosting");
    assertThat(typeByAs.values()).contains("residential", "mobile", "hosting", "vpn");
  }

  @Test
  void aFeedBrokenMidWindowIsSoundBeforeAndBrokenFromThen() {
    // The same traffic twice (noise is a hash, not a draw): sound, and broken 10 minutes into a
    // 20-minute window. Before the break every event is as in the sound run; from then on every
    // one is typed residential, and the mobile and cloud ones were not.
    long breakMs = 10 * 60_000L;
    SimulationConfig c = new SimulationConfig(120, 2 * breakMs, 8, ScenarioMix.defaults());
    Map<String, String> sound = new HashMap<>();
    new SimFixture(c, e -> sound.put(e.get("event.id").asText(), geo(e)));
    WorldParameters broken =
        new WorldParameters(
            GeoNoise.BROKEN, 50, 0.45, 0, 0, 0.1, 0, 0, 0, 0, GeoBrokenFrom.parse("10m"));
    int[] before = new int[1];
    int[] after = new int[1];
    int[] retyped = new int[1];
    new SimFixture(
        c.withParameters(broken),
        e -> {
          long t = Instant.parse(e.get("@timestamp").asText()).toEpochMilli();
          String was = sound.get(e.get("event.id").asText());
          if (t < c.startMs() + breakMs) {
            assertThat(geo(e)).isEqualTo(was);
            before[0]++;
          } else {
            assertThat(e.get("source.network.type").asText()).isEqualTo("residential");
            assertThat(geo(e)).isNotEqualTo(was);
            after[0]++;
            retyped[0] += was.endsWith("residential") ? 0 : 1;
          }
        });
    assertThat(before[0]).isPositive();
    assertThat(after[0]).isPositive();
    assertThat(retyped[0]).as("mobile and cloud networks now typed residential").isPositive();
  }

  private static String geo(JsonNode e) {
    return e.get("source.geo.location") + " " + e.get("source.network.type").asText();
  }
}
