package dev.vigil.enforcer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the limits file {@code vigil limits recommend} writes, and refusing a bad one. */
class FairAccessDefaultsFileTest {
  static final String GOOD =
      """
      {
        "method" : { "peakWindowSeconds" : 10.0, "quantile" : 0.999, "headroom" : 1.5,
                     "populations" : "labels", "sessions" : 412, "sessionsLeftOut" : 9 },
        "limits" : [ {
          "population" : "bot", "role" : "orders", "action" : "SET_RATE_LIMIT",
          "requestsPerSecond" : 76.9, "burst" : 769,
          "basis" : { "sessions" : 101, "quantile" : 0.999, "quantileRequestsPerSecond" : 51.3,
                      "observedMaxRequestsPerSecond" : 51.3, "headroom" : 1.5, "added" : 1 }
        }, {
          "population" : "bot", "role" : "market_data", "action" : "SET_RATE_LIMIT",
          "requestsPerSecond" : 3.8, "burst" : 38
        }, {
          "population" : "retail", "role" : "orders", "action" : "SET_RATE_LIMIT",
          "requestsPerSecond" : 2.0, "burst" : 20
        } ]
      }
      """;

  @TempDir Path dir;

  Path write(String json) throws IOException {
    Path f = dir.resolve("limits.json");
    Files.writeString(f, json);
    return f;
  }

  @Test
  void aGoodFileGivesEachPopulationAndRoleAnIndexAndKeepsItsLimits() throws IOException {
    FairAccessDefaults d = FairAccessDefaults.load(write(GOOD));

    assertThat(d.populations()).containsExactly("bot", "retail");
    assertThat(d.roles()).containsExactly("orders", "market_data");
    assertThat(d.population("retail")).isEqualTo(1);
    assertThat(d.role("market_data")).isEqualTo(1);
    assertThat(d.population("institutional")).isEqualTo(FairAccessDefaults.NO_POPULATION);
    assertThat(d.role("withdrawal")).isEqualTo(FairAccessDefaults.NO_ROLE);
    assertThat(d.limits()).hasSize(3);
    assertThat(d.limits().get(0).burst()).isEqualTo(769);
    assertThat(d.buckets(d.population("bot"))).isEqualTo(2);
    assertThat(d.buckets(d.population("retail"))).isEqualTo(1);
    assertThat(d.slot(d.index(d.population("retail"), d.role("market_data"))))
        .as("retail has no market_data default")
        .isEqualTo(-1);
  }

  @Test
  void aBurstOfZeroIsRefusedNamingTheFileTheFieldAndTheFix() throws IOException {
    Path f = write(GOOD.replace("\"burst\" : 38", "\"burst\" : 0"));

    assertThatThrownBy(() -> FairAccessDefaults.load(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "limits file "
                + f
                + ": limits[1]: burst must be a whole number from 1 to 1000000, got 0;"
                + " write it again with vigil limits recommend, or fix that field");
  }

  @Test
  void aRateGivenAsTextIsRefusedNamingTheField() throws IOException {
    Path f = write(GOOD.replace("\"requestsPerSecond\" : 2.0", "\"requestsPerSecond\" : \"fast\""));

    assertThatThrownBy(() -> FairAccessDefaults.load(f))
        .hasMessageStartingWith("limits file " + f + ": limits[2].requestsPerSecond: ")
        .hasMessageEndingWith("fix that field")
        .message()
        .doesNotContain("\n");
  }

  @Test
  void aMissingRateAnOtherActionAndARepeatedPairAreEachRefused() throws IOException {
    Path noRate = write(GOOD.replace("\"requestsPerSecond\" : 3.8, ", ""));
    assertThatThrownBy(() -> FairAccessDefaults.load(noRate))
        .hasMessageContaining("limits[1]: requestsPerSecond must be a number from 0.001 to")
        .hasMessageContaining("got nothing");

    Path other = write(GOOD.replaceFirst("SET_RATE_LIMIT", "KILL"));
    assertThatThrownBy(() -> FairAccessDefaults.load(other))
        .hasMessageContaining("limits[0]: action must be SET_RATE_LIMIT, got KILL");

    Path twice = write(GOOD.replace("\"population\" : \"retail\"", "\"population\" : \"bot\""));
    assertThatThrownBy(() -> FairAccessDefaults.load(twice))
        .hasMessageContaining("limits[2] repeats population bot and role orders of limits[0]");
  }

  @Test
  void aMissingFileAnEmptyOneAndOneThatIsNotJsonSayWhatToDo() throws IOException {
    Path none = dir.resolve("nope.json");
    assertThatThrownBy(() -> FairAccessDefaults.load(none))
        .hasMessage(
            "limits file " + none + " does not exist; write it with vigil limits recommend --out");

    Path empty = write("");
    assertThatThrownBy(() -> FairAccessDefaults.load(empty)).hasMessageContaining("is empty");

    Path broken = write("{ \"limits\" : [ ");
    assertThatThrownBy(() -> FairAccessDefaults.load(broken))
        .hasMessageStartingWith("limits file " + broken + " is not JSON (line 1,")
        .hasMessageEndingWith("write it with vigil limits recommend --out");

    Path noLimits = write("{ \"method\" : null }");
    assertThatThrownBy(() -> FairAccessDefaults.load(noLimits))
        .hasMessageContaining("limits is missing");
  }
}
