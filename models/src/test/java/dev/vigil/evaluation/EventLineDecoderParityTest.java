package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schema.AccessEvent;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.AvroRuntimeException;
import org.junit.jupiter.api.Test;

/** The decoder's direct path against its Avro-builder path, the one it replaced. */
class EventLineDecoderParityTest {
  private final EventLineDecoder decoder = new EventLineDecoder();

  @Test
  void everySimulatedLineDecodesToTheBuildersEvent() throws Exception {
    AtomicInteger lines = new AtomicInteger();
    new Simulator(
            new SimulationConfig(
                    40,
                    Duration.ofHours(1).toMillis(),
                    9,
                    SimulationConfig.DEFAULT_START,
                    ScenarioMix.defaults())
                .withWarmup(Duration.ofDays(1).toMillis(), Duration.ofHours(2).toMillis()))
        .run(
            (json, length, t, user) -> {
              AccessEvent direct = decoder.decode(json, length);
              assertThat(direct).isEqualTo(decoder.viaBuilder(json, length));
              assertThat(direct.getTimestamp()).isEqualTo(t);
              lines.incrementAndGet();
            });
    assertThat(lines.get()).isGreaterThan(10_000);
  }

  @Test
  void aLineWithoutARequiredFieldFailsAsTheBuilderFails() {
    byte[] line =
        ("{\"@timestamp\":\"2026-11-02T00:00:00.006+01:00\",\"event.id\":\"e-1\","
                + "\"session.id\":\"s\",\"user.id\":\"u\",\"source.ip\":\"198.19.98.254\","
                + "\"http.request.method\":\"GET\",\"url.path\":\"/api\"}")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> decoder.decode(line, line.length))
        .isInstanceOf(AvroRuntimeException.class)
        .hasMessageContaining("status");
  }
}
