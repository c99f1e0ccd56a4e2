package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one benchmark run in {@code ./mvnw verify}: {@code vigil bench} with a few thousand events
 * (its own embedded broker and local Flink cluster) prints every figure and writes them as JSON
 * with sane values. The figures themselves mean little at this size; {@code ./vigil bench} with the
 * default two million events is the benchmark (README, "Performance").
 */
class BenchSmokeIT {
  @TempDir Path dir;

  @Test
  void aTinyBenchPrintsEveryFigureAndWritesThemAsJson() throws Exception {
    Path json = dir.resolve("bench.json");
    CliRun run =
        CliRun.of(
            "bench",
            "--events",
            "4000",
            "--accounts",
            "60",
            "--parallelism",
            "1",
            "--json",
            json.toString());

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    assertThat(run.out())
        .contains("Machine:", " cores")
        .contains("Throughput", "pass-through", "full / pass-through:")
        .contains("Event-to-command latency", "25%", "50%", "75%", "p99 at 50%:")
        .contains("per account:", "per live session:", "heap (hashmap backend):")
        .contains("CPU s/M ev", "accounts with 2,000,000 live sessions")
        .contains("Took ");

    JsonNode r = new ObjectMapper().readTree(json.toFile());
    assertThat(r.at("/options/events").asLong()).isEqualTo(4000);
    assertThat(r.at("/machine/cores").asInt()).isPositive();
    assertThat(r.at("/traffic/events").asLong()).isEqualTo(4000);
    for (String job : new String[] {"passThrough", "full"}) {
      JsonNode t = r.at("/throughput/" + job);
      assertThat(t.get("events").asLong()).as(job).isEqualTo(4000);
      assertThat(t.get("eventsPerSecond").asDouble()).as(job).isPositive();
      assertThat(t.get("cpuSecondsPerMillionEvents").asDouble()).as(job).isPositive();
      assertThat(t.get("deadLetters").asLong()).as(job).isZero();
    }
    assertThat(r.at("/throughput/ratio").asDouble()).isPositive();
    assertThat(r.at("/latency/levels")).hasSize(3);
    for (JsonNode level : r.at("/latency/levels")) {
      assertThat(level.get("offeredPerSecond").asDouble()).isPositive();
      assertThat(level.get("sent").asLong()).isPositive();
      JsonNode p99 = level.get("p99Ms");
      assertThat(p99.isNull() || p99.asDouble() >= 0).as("p99 %s", p99).isTrue();
    }
    assertThat(r.at("/state/accounts").asLong()).isPositive();
    assertThat(r.at("/state/accountBytes/mean").asDouble()).isBetween(16.0, 65_536.0);
    assertThat(r.at("/state/sessionBytes/mean").asDouble()).isBetween(16.0, 65_536.0);
    assertThat(r.at("/state/heapBytesPerAccount").asDouble()).isPositive();
    assertThat(r.at("/state/heapBytesPerSession").asDouble()).isPositive();
    assertThat(r.at("/state/latencyJobCheckpointBytes").asLong()).isPositive();
  }
}
