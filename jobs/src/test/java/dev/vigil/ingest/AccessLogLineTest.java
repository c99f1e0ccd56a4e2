package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.evaluation.EventLineDecoder;
import dev.vigil.schema.AccessEvent;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An access event written back as an access-log line is read by the ingest as the same event. */
class AccessLogLineTest {
  @Test
  void everySimulatedEventWrittenBackAsALogLineParsesToTheSameEvent(@TempDir Path dir)
      throws Exception {
    Simulator.generate(new SimulationConfig(30, 600_000, 7, ScenarioMix.resolve("default")), dir);
    List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
    EventLineDecoder decoder = new EventLineDecoder();
    AccessLogParser parser = new AccessLogParser(IngestLimits.defaults());

    assertThat(lines).hasSizeGreaterThan(100);
    for (String line : lines) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      AccessEvent original = decoder.decode(bytes, bytes.length);
      String written = AccessLogLine.toJson(original);
      IngestResult back =
          parser.parse(written.getBytes(StandardCharsets.UTF_8), original.getTimestamp());

      assertThat(back.isAccepted()).as(written + " -> " + back).isTrue();
      AccessEvent read = back.event();
      read.setIngestedAt(original.getIngestedAt());
      assertThat(read).as(written).isEqualTo(original);
    }
  }
}
