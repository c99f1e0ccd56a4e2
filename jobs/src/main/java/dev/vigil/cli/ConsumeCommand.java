package dev.vigil.cli;

import dev.vigil.ingest.AccessLogLine;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.Label;
import dev.vigil.schema.PlainJson;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SecurityCase;
import dev.vigil.schema.SessionCommand;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Reads a topic from the beginning to its current end and writes one JSON line per record: access
 * events as access-log lines with ECS names (what {@code vigil score} and the ingest read), other
 * Avro records as their plain JSON rendering (the format {@code vigil evaluate} reads), anything
 * else as the record's text. The file appears only when the whole topic was copied.
 */
@Command(
    name = "consume",
    description = {
      "Copy a topic, from its beginning to its current end, to a file of JSON lines: access",
      "events as the ECS log lines vigil score reads, other Avro records as plain JSON",
      "(read_committed). The file appears only once the whole topic is copied."
    })
public final class ConsumeCommand implements Callable<Integer> {
  private static final List<BinaryMessageDecoder<? extends SpecificRecord>> DECODERS =
      List.of(
          SessionCommand.getDecoder(),
          RiskDecision.getDecoder(),
          DeadLetter.getDecoder(),
          AccessEvent.getDecoder(),
          Label.getDecoder(),
          SecurityCase.getDecoder());

  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Option(names = "--topic", required = true, description = "Topic to read.")
  String topic;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write.")
  Path out;

  @Option(
      names = "--no-progress",
      description = "No progress line (by default one every 5 s, or redrawn on a terminal).")
  boolean noProgress;

  /**
   * How far a copy is: records handed on, and offsets passed of those between each partition's
   * beginning and its end as of the start (transaction markers take offsets too, so the share
   * counts offsets, not records). Written by the reading thread, read by the progress line.
   */
  static final class Progress {
    final AtomicLong records = new AtomicLong();
    volatile long offsetsDone;
    volatile long offsetsTotal;

    String status(long elapsedNanos) {
      long n = records.get();
      String rate =
          elapsedNanos > 0 ? ", " + Math.round(n / (elapsedNanos / 1e9)) + " records/s" : "";
      String share = ProgressLine.share(offsetsDone, offsetsTotal, elapsedNanos);
      return n + " records" + rate + (share.isEmpty() ? "" : ", " + share);
    }
  }

  @Override
  public Integer call() throws Exception {
    long[] written = {0};
    Progress progress = new Progress();
    Preflight.outputFile(out, "--out");
    Properties client = kafka.connect();
    try (Interruption ctrlC = Interruption.watch("consume", spec.commandLine().getOut());
        PartialOutput staged = PartialOutput.beside(out)) {
      ctrlC.soFar(
          () ->
              String.format(
                  java.util.Locale.ROOT,
                  "%,d records of %s read; nothing written to %s",
                  progress.records.get(),
                  topic,
                  out));
      try (BufferedWriter w = Files.newBufferedWriter(staged.file(out), StandardCharsets.UTF_8);
          ProgressLine line =
              ProgressLine.start(
                  spec.commandLine().getOut(), "consume " + topic, noProgress, progress::status)) {
        readAll(
            client,
            topic,
            progress,
            value -> {
              try {
                w.write(render(value));
                w.newLine();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              written[0]++;
            });
      }
      staged.commit();
    }
    PrintWriter o = spec.commandLine().getOut();
    o.printf("wrote %d records of %s to %s%n", written[0], topic, out);
    return 0;
  }

  /**
   * Reads every partition of {@code topic} from its beginning to its end as of now (read_committed)
   * and hands each record's value to {@code sink}. Shared with {@code vigil explain}.
   */
  static void readAll(Properties props, String topic, Consumer<byte[]> sink) {
    readAll(props, topic, new Progress(), sink);
  }

  /** As above, counting on {@code progress}. */
  static void readAll(Properties props, String topic, Progress progress, Consumer<byte[]> sink) {
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalArgumentException("topic " + topic + " does not exist; check --topic");
      }
      List<TopicPartition> partitions =
          infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long total = 0;
      for (TopicPartition p : partitions) {
        total += end.get(p) - begin.get(p);
      }
      progress.offsetsTotal = total;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          sink.accept(r.value());
          progress.records.incrementAndGet();
        }
        long done = 0;
        for (TopicPartition p : partitions) {
          done += Math.min(consumer.position(p), end.get(p)) - begin.get(p);
        }
        progress.offsetsDone = done;
      }
    }
  }

  static String render(byte[] value) {
    if (value == null) {
      return "null";
    }
    for (BinaryMessageDecoder<? extends SpecificRecord> decoder : DECODERS) {
      try {
        SpecificRecord r = decoder.decode(value);
        // Access events as the access-log lines they came from: what vigil score reads.
        return r instanceof AccessEvent e ? AccessLogLine.toJson(e) : PlainJson.toJson(r);
      } catch (Exception e) {
        // not this type: try the next
      }
    }
    return new String(value, StandardCharsets.UTF_8);
  }
}
