package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.evaluation.EventLineDecoder;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.schema.AccessEvent;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import dev.vigil.testing.KafkaExtension;
import dev.vigil.testing.KafkaTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round trip an operator makes: copy the events topic with {@code vigil consume}, then backtest
 * the copy with {@code vigil score}. Every event copied is scored, none dead-lettered.
 */
class ConsumeThenScoreIT {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @TempDir Path dir;

  @Test
  void whatConsumeCopiesFromTheEventsTopicIsScoredWithoutADeadLetter() throws Exception {
    Path sim = dir.resolve("sim");
    Simulator.generate(new SimulationConfig(20, 900_000, 5, ScenarioMix.resolve("default")), sim);
    EventLineDecoder decoder = new EventLineDecoder();
    List<KafkaTestSupport.Outgoing> events = new ArrayList<>();
    for (String line : Files.readAllLines(sim.resolve("events.jsonl"))) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      AccessEvent e = decoder.decode(bytes, bytes.length);
      events.add(
          new KafkaTestSupport.Outgoing(
              AccessEvent.getEncoder().encode(e).array(), e.getTimestamp()));
    }
    String topic = VigilTopic.ACCESS_EVENTS.topicName();
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), topic, events);
    Path copy = dir.resolve("events-copy.jsonl");

    CliRun consume =
        CliRun.of(
            "consume",
            "--topic",
            topic,
            "--out",
            copy.toString(),
            "-b",
            KAFKA.bootstrapServers(),
            "--no-progress");
    assertThat(consume.exitCode()).as(consume.err()).isZero();
    assertThat(copy).content().hasLineCount(events.size());
    assertThat(consume.out().lines())
        .noneMatch(l -> l.startsWith("consume "))
        .anyMatch(l -> l.startsWith("wrote "));

    // What the progress line reads: every record, and every offset up to the end as of the start.
    ConsumeCommand.Progress progress = new ConsumeCommand.Progress();
    ConsumeCommand.readAll(KAFKA.clientProperties(), topic, progress, value -> {});
    assertThat(progress.records.get()).isEqualTo(events.size());
    assertThat(progress.offsetsDone).isEqualTo(progress.offsetsTotal).isPositive();
    assertThat(progress.status(1_000_000_000L)).endsWith(events.size() + " records/s, 100%");

    Path scored = dir.resolve("scored");
    CliRun score = CliRun.of("score", "--input", copy.toString(), "--out", scored.toString());

    assertThat(score.exitCode()).as(score.err()).isZero();
    assertThat(scored.resolve("dead-letter.jsonl")).isEmptyFile();
    assertThat(score.out()).contains("0 dead letters");
  }
}
