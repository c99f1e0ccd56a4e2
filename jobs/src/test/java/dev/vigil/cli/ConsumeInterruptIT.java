package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.testing.KafkaExtension;
import dev.vigil.testing.KafkaTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on {@code vigil consume} while it copies a topic: one line of how many records were read,
 * exit 130, and no file under the output's name, whole or partial.
 */
class ConsumeInterruptIT {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final String TOPIC = "consume-interrupt";
  private static final int RECORDS = 200_000;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES) // a guard; the test waits on the file
  void ctrlCWhileCopyingATopicPrintsWhatWasReadExits130AndLeavesNoPartialFile(
      @TempDir Path tmp, @TempDir Path work, @TempDir Path logs) throws Exception {
    KafkaTestSupport.createTopic(KAFKA.clientProperties(), TOPIC, 1);
    List<KafkaTestSupport.Outgoing> records = new ArrayList<>(RECORDS);
    for (int i = 0; i < RECORDS; i++) {
      // Not Avro: each is tried against every record type before it is copied as text.
      records.add(
          new KafkaTestSupport.Outgoing(
              ("{\"line\":" + i + ",\"text\":\"a plain JSON line, not an Avro record\"}")
                  .getBytes(StandardCharsets.UTF_8),
              System.currentTimeMillis()));
    }
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), TOPIC, records);
    Path out = work.resolve("copy.jsonl");

    try (ChildVigil consume =
        ChildVigil.start(
            tmp,
            work,
            logs,
            "consume",
            "-b",
            KAFKA.bootstrapServers(),
            "--topic",
            TOPIC,
            "--out",
            out.toString(),
            "--no-progress")) {
      await()
          .forever()
          .pollInterval(Duration.ofMillis(20))
          .until(() -> stagedBytes(work) > 0 || !consume.isAlive());
      assertThat(consume.isAlive()).as("still copying; it printed:%n%s", consume.output()).isTrue();
      assertThat(out).as("not under its final name while it is written").doesNotExist();

      consume.interrupt();

      assertThat(consume.exitCode()).as(consume.output()).isEqualTo(130);
      System.out.printf("ConsumeInterruptIT:%n%s%n", consume.output());
      assertThat(consume.output())
          .containsPattern(
              "(?m)^vigil consume: interrupted after \\d+ s: [1-9][\\d,]* records of "
                  + TOPIC
                  + " read; nothing written to "
                  + Pattern.quote(out.toString())
                  + "$")
          .doesNotContain("wrote ")
          .doesNotContain("Exception");
    }
    assertThat(ChildVigil.leftIn(work))
        .as("neither the copy nor its temporary name")
        .noneMatch(p -> p.startsWith("copy.jsonl") || p.startsWith(".vigil-partial-"));
    assertThat(ChildVigil.leftIn(tmp)).as("left in the temp folder after Ctrl-C").isEmpty();
  }

  /** Bytes written so far under the output's temporary name (.vigil-partial-*). */
  private static long stagedBytes(Path work) throws Exception {
    try (Stream<Path> all = Files.walk(work)) {
      return all.filter(p -> p.toString().contains(".vigil-partial-"))
          .filter(Files::isRegularFile)
          .mapToLong(p -> p.toFile().length())
          .sum();
    }
  }
}
