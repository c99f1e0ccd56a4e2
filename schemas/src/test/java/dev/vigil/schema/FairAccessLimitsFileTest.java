package dev.vigil.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The limits file's one definition: what the writer writes is what the reader reads. */
class FairAccessLimitsFileTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static FairAccessLimitsFile.Limit limit(String population, String role, double rps, int burst) {
    return new FairAccessLimitsFile.Limit(
        population,
        role,
        FairAccessLimitsFile.ACTION,
        rps,
        burst,
        new FairAccessLimitsFile.Basis(101, 0.999, 51.25, 51.25, 1.5));
  }

  @Test
  void aFileWrittenWithJacksonReadsBackEqualWithTheFieldNamesOfTheFormat() throws Exception {
    FairAccessLimitsFile file =
        new FairAccessLimitsFile(
            new FairAccessLimitsFile.Method(10, 0.999, 1.5, "labels", 323, 192),
            List.of(limit("bot", "orders", 76.875, 769), limit("bot", "market_data", 3.77, 38)));

    String text = JSON.writeValueAsString(file);
    JsonNode tree = JSON.readTree(text);

    assertThat(JSON.readValue(text, FairAccessLimitsFile.class)).isEqualTo(file);
    assertThat(tree.at("/limits/0/requestsPerSecond").asDouble()).isEqualTo(76.875);
    assertThat(tree.at("/limits/1/burst").asInt()).isEqualTo(38);
    assertThat(tree.at("/limits/0/action").asText()).isEqualTo("SET_RATE_LIMIT");
    assertThat(tree.at("/limits/0/basis/observedMaxRequestsPerSecond").asDouble()).isEqualTo(51.25);
    assertThat(tree.at("/method/sessionsLeftOut").asLong()).isEqualTo(192);
  }

  @Test
  void aLimitOutsideItsBoundsOrARepeatedPairCannotBeMade() {
    assertThatThrownBy(() -> limit("bot", "orders", 2e6, 10))
        .hasMessageStartingWith("requestsPerSecond must be a number from 0.001 to 1000000");
    assertThatThrownBy(() -> limit("Bot", "orders", 2, 10))
        .hasMessageStartingWith("population must be a lower-case name");
    assertThatThrownBy(() -> limit("bot", "orders", 2, 2_000_000))
        .hasMessageStartingWith("burst must be a whole number from 1 to 1000000");
    assertThatThrownBy(
            () ->
                new FairAccessLimitsFile(
                    null, List.of(limit("bot", "orders", 2, 4), limit("bot", "orders", 3, 6))))
        .hasMessage("limits[1] repeats population bot and role orders of limits[0]; keep one");
  }
}
