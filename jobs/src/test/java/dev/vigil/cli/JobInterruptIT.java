package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.demo.DemoTraffic;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.testing.KafkaExtension;
import dev.vigil.testing.KafkaTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on {@code vigil ingest} and {@code vigil run} while their job runs against a real broker:
 * one line of what was done so far, exit 130, and nothing left in the system temp folder (Flink's
 * RPC jar, minicluster and upload folders went to the command's own, deleted on the way out). Each
 * command runs in a JVM of its own ({@link ChildVigil}) and gets its SIGINT once its job has
 * written to a topic (an end offset reached on the broker).
 */
class JobInterruptIT {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES) // a guard; the test waits on the broker
  void ctrlCOnIngestPrintsWhatWasReadAndWrittenExits130AndLeavesNoTempFolder(
      @TempDir Path tmp, @TempDir Path work, @TempDir Path logs) throws Exception {
    sendAccessLogs(2_000);
    String events = VigilTopic.ACCESS_EVENTS.topicName();
    long before = endOffsets(events);

    try (ChildVigil ingest =
        ChildVigil.start(
            tmp,
            work,
            logs,
            "ingest",
            "-b",
            KAFKA.bootstrapServers(),
            "--insecure",
            "--parallelism",
            "1",
            "--web-ui-port",
            "0")) {
      await()
          .forever()
          .pollInterval(Duration.ofMillis(200))
          .until(() -> endOffsets(events) > before || !ingest.isAlive());
      assertThat(ingest.isAlive()).as("still ingesting; it printed:%n%s", ingest.output()).isTrue();
      assertFlinkFilesInTheCommandsOwnFolder(tmp, "vigil-ingest-");

      long interrupted = System.nanoTime();
      ingest.interrupt();

      assertThat(ingest.exitCode()).as(ingest.output()).isEqualTo(130);
      System.out.printf(
          "JobInterruptIT: ingest stopped and cleaned up %.1f s after Ctrl-C:%n%s%n",
          (System.nanoTime() - interrupted) / 1e9, ingest.output());
      assertThat(ingest.output())
          .containsPattern(
              "(?m)^vigil ingest: interrupted after \\d+ s: [1-9][\\d,]* records read;"
                  + " [1-9][\\d,]* events, [\\d,]+ dead letters written$")
          .doesNotContain("ingest job finished")
          .doesNotContain("Exception")
          .doesNotContain("vigil: ");
      Matcher counts =
          Pattern.compile("([\\d,]+) records read; ([\\d,]+) events, ([\\d,]+) dead letters")
              .matcher(ingest.output());
      assertThat(counts.find()).isTrue();
      assertThat(number(counts.group(1)))
          .as("each record read is an event or a dead letter, and none is written unread")
          .isGreaterThanOrEqualTo(number(counts.group(2)) + number(counts.group(3)));
    }
    assertThat(ChildVigil.leftIn(tmp)).as("left in the temp folder after Ctrl-C").isEmpty();
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES) // a guard; the test waits on the broker
  void ctrlCOnRunPrintsWhatWasReadAndWrittenExits130AndLeavesNoTempFolder(
      @TempDir Path tmp, @TempDir Path work, @TempDir Path logs, @TempDir Path keys)
      throws Exception {
    Path keyFile =
        Files.writeString(
            keys.resolve("command-keys"),
            "k1:"
                + Base64.getEncoder()
                    .encodeToString(
                        "an-it-command-key-of-32-bytes-ok".getBytes(StandardCharsets.US_ASCII)));
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    String deadLetters = VigilTopic.DEAD_LETTER.topicName();
    long before = endOffsets(deadLetters);
    sendAccessLogs(2_000); // the risk job reads access logs too, and dead-letters the bad ones

    try (ChildVigil run =
        ChildVigil.start(
            tmp,
            work,
            logs,
            "run",
            "-b",
            KAFKA.bootstrapServers(),
            "--insecure",
            "--web-ui-port",
            "0",
            "--set",
            "parallelism=1",
            "--set",
            "checkpoint.dir=" + work.resolve("checkpoints"),
            "--set",
            "commands.key-file=" + keyFile)) {
      await()
          .forever()
          .pollInterval(Duration.ofMillis(200))
          .until(() -> endOffsets(deadLetters) > before || !run.isAlive());
      assertThat(run.isAlive()).as("still running; it printed:%n%s", run.output()).isTrue();
      assertFlinkFilesInTheCommandsOwnFolder(tmp, "vigil-run-");

      long interrupted = System.nanoTime();
      run.interrupt();

      assertThat(run.exitCode()).as(run.output()).isEqualTo(130);
      System.out.printf(
          "JobInterruptIT: run stopped and cleaned up %.1f s after Ctrl-C:%n%s%n",
          (System.nanoTime() - interrupted) / 1e9, run.output());
      assertThat(run.output())
          .containsPattern(
              "(?m)^vigil run: interrupted after \\d+ s: [1-9][\\d,]* records read; [\\d,]+"
                  + " commands, [\\d,]+ audit records, [1-9][\\d,]* dead letters written$")
          .doesNotContain("Exception")
          .doesNotContain("vigil: ");
    }
    assertThat(ChildVigil.leftIn(tmp)).as("left in the temp folder after Ctrl-C").isEmpty();
  }

  private static void assertFlinkFilesInTheCommandsOwnFolder(Path tmp, String folder)
      throws Exception {
    assertThat(ChildVigil.leftIn(tmp))
        .as("while it runs, Flink's files are in the command's own folder")
        // and lz4-java's native library, for Kafka's lz4 compression: deleted on exit
        .allMatch(p -> p.startsWith(folder) || p.startsWith("liblz4-java-"))
        .anyMatch(p -> p.contains("flink-rpc"))
        .anyMatch(p -> p.contains("minicluster_"));
  }

  private static long number(String digits) {
    return Long.parseLong(digits.replace(",", ""));
  }

  /** {@code n} access log lines, every hundredth of them not JSON (a dead letter). */
  private static void sendAccessLogs(int n) throws Exception {
    DemoTraffic traffic = new DemoTraffic(7, 50);
    long now = System.currentTimeMillis();
    List<KafkaTestSupport.Outgoing> lines = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] line =
          i % 100 == 99
              ? "not json".getBytes(StandardCharsets.UTF_8)
              : traffic.next(now, now).json();
      lines.add(new KafkaTestSupport.Outgoing(line, now));
    }
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), VigilTopic.ACCESS_LOGS.topicName(), lines);
  }

  /** The sum of the topic's end offsets: how many records were ever written to it. */
  private static long endOffsets(String topic) throws Exception {
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      int partitions =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> latest =
          java.util.stream.IntStream.range(0, partitions)
              .boxed()
              .collect(
                  Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
      return admin.listOffsets(latest).all().get().values().stream()
          .mapToLong(o -> o.offset())
          .sum();
    }
  }
}
