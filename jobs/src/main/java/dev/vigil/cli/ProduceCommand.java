package dev.vigil.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Sends a file's lines to a topic, one record per line, optionally paced. */
@Command(name = "produce", description = "Send each line of a file to a Kafka topic as one record.")
public final class ProduceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Option(names = "--topic", required = true, description = "Destination topic.")
  String topic;

  @Option(
      names = {"--input", "--file"},
      required = true,
      paramLabel = "FILE",
      description = "Lines to send (--file is the old spelling).")
  Path file;

  @Option(
      names = "--rate",
      paramLabel = "N",
      description = "At most N records per second (default: as fast as possible).")
  Double rate;

  @Option(
      names = "--no-progress",
      description = "No progress bar (on a terminal) or line (every 5 s otherwise).")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    if (rate != null && !(rate > 0)) {
      throw new Preflight.Usage("--rate must be a positive number of records per second");
    }
    Preflight.oldSpelling(spec, "--file", "--input");
    long total = countLines(Preflight.inputFile(file, "--input"));
    Properties props = kafka.connect();
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    props.putIfAbsent("linger.ms", "10");
    props.putIfAbsent("compression.type", "lz4");
    props.putIfAbsent("max.request.size", String.valueOf(8 << 20));

    AtomicReference<Exception> failure = new AtomicReference<>();
    AtomicLong acked = new AtomicLong();
    long sent = 0;
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props);
        BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        ProgressBar bar = progressBar(total);
        // Off a terminal (a log, a pipe, CI) a line every 5 s instead of a bar.
        ProgressLine progress =
            ProgressLine.start(
                spec.commandLine().getOut(),
                "produce",
                noProgress || System.console() != null,
                elapsed ->
                    String.format(
                        java.util.Locale.ROOT,
                        "%,d of %,d records acknowledged, %s",
                        acked.get(),
                        total,
                        ProgressLine.share(acked.get(), total, elapsed)))) {
      String line;
      while ((line = in.readLine()) != null && failure.get() == null) {
        if (rate != null) {
          pace(start, sent, rate);
        }
        producer.send(
            new ProducerRecord<>(topic, line.getBytes(StandardCharsets.UTF_8)),
            (meta, ex) -> {
              if (ex != null) {
                failure.compareAndSet(null, ex);
              } else {
                acked.incrementAndGet();
              }
            });
        sent++;
        if (bar != null) {
          bar.step();
        }
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    spec.commandLine()
        .getOut()
        .printf(
            "sent %d records to %s in %.1f s (%.0f records/s)%n",
            acked.get(), topic, seconds, acked.get() / Math.max(seconds, 1e-9));
    return 0;
  }

  private ProgressBar progressBar(long total) {
    if (noProgress || System.console() == null) {
      return null;
    }
    return new ProgressBarBuilder()
        .setTaskName("produce")
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" rec", 1)
        .showSpeed()
        .build();
  }

  /** Waits until the n-th record is due; pacing, not synchronisation. */
  private static void pace(long startNanos, long n, double perSecond) throws InterruptedException {
    long due = startNanos + (long) (n * 1e9 / perSecond);
    long wait = due - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  private static long countLines(Path file) throws IOException {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.count();
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "file " + file + " does not exist; pass an existing file to --input");
    }
  }
}
