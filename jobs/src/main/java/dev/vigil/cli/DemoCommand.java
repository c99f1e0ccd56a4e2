package dev.vigil.cli;

import dev.vigil.demo.DemoTraffic;
import dev.vigil.demo.HostileRecords;
import dev.vigil.demo.TopicTally;
import dev.vigil.job.ingest.IngestSettings;
import dev.vigil.kafka.EmbeddedKafka;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.runtime.JobDefaults;
import dev.vigil.runtime.LocalFlink;
import dev.vigil.schema.DeadLetterReason;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs Vigil end to end on this machine: an embedded Kafka broker, a local Flink cluster, the
 * ingest job, and a generator of realistic access logs with hostile records mixed in.
 */
@Command(
    name = "demo",
    description = {
      "Run Vigil locally on generated traffic: embedded Kafka, local Flink, the ingest job.",
      "Prints live counts and a summary; needs nothing installed but Java."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--duration",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long to send traffic (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--rate",
      defaultValue = "1000",
      description = "Access-log records per second (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--hostile-share",
      defaultValue = "0.02",
      description = "Share of malformed or hostile records (default: ${DEFAULT-VALUE}).")
  double hostileShare;

  @Option(names = "--seed", defaultValue = "1", description = "Traffic seed.")
  long seed;

  @Option(
      names = "--web-ui-port",
      defaultValue = "8081-8099",
      description = "Port or range for the Flink Web UI (default: ${DEFAULT-VALUE}).")
  String webUiPort;

  @Override
  public Integer call() throws Exception {
    if (rate < 1 || rate > 200_000) {
      throw new IllegalArgumentException("--rate must be between 1 and 200000 records per second");
    }
    if (hostileShare < 0 || hostileShare > 1) {
      throw new IllegalArgumentException("--hostile-share must be between 0 and 1");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("--duration must be positive, e.g. 30s");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Starting an embedded Kafka broker and a local Flink cluster...");
    out.flush();
    try (EmbeddedKafka kafka = EmbeddedKafka.startSingleNode().withAllTopics();
        LocalFlink flink = LocalFlink.start(2, webUiPort)) {
      Properties client = kafka.clientProperties();
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      JobDefaults.apply(env, 2, Duration.ofSeconds(5));
      IngestCommand.build(env, client, IngestSettings.defaults(), "vigil-demo", false);
      JobID job = flink.submit(env, "vigil-demo-ingest");
      out.println("Kafka:        " + kafka.bootstrapServers());
      out.println("Flink Web UI: " + flink.webUi());
      out.printf(
          Locale.ROOT,
          "Sending %d records/s for %ds (%.1f%% hostile) to %s%n",
          rate,
          duration.toSeconds(),
          hostileShare * 100,
          VigilTopic.ACCESS_LOGS.topicName());
      out.flush();
      try (TopicTally tally = new TopicTally(client).start()) {
        long sent = produce(client, tally, out);
        boolean complete = awaitAll(tally, sent, Duration.ofSeconds(60));
        flink.cancel(job);
        printSummary(out, sent, tally);
        if (!complete) {
          out.println(
              "Not every record came out of the ingest within 60 s; the log in .vigil/logs says why.");
          return VigilCli.EXIT_FAILURE;
        }
      }
    }
    return 0;
  }

  /** Sends traffic for the duration, printing a live line once a second. */
  private long produce(Properties client, TopicTally tally, PrintWriter out) throws Exception {
    Properties props = new Properties();
    props.putAll(client);
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    props.put("linger.ms", "20");
    props.put("max.request.size", String.valueOf(8 << 20));
    DemoTraffic traffic = new DemoTraffic(seed, 500);
    SplittableRandom dice = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    String topic = VigilTopic.ACCESS_LOGS.topicName();
    boolean tty = System.console() != null;
    long sent = 0;
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long nextReport = start + 1_000_000_000L;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      List<HostileRecords.Sample> hostile = null;
      long now;
      while ((now = System.nanoTime()) < end) {
        long due = start + (long) (sent * 1e9 / rate);
        if (due > now) {
          long wait = Math.min(due, nextReport) - now;
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing the generator
        } else {
          long wallClock = System.currentTimeMillis();
          byte[] value;
          if (dice.nextDouble() < hostileShare) {
            if (hostile == null || sent % 1000 == 0) {
              hostile = HostileRecords.all(wallClock);
            }
            value = hostile.get(dice.nextInt(hostile.size())).raw();
          } else {
            value = traffic.next(wallClock, wallClock).json();
          }
          producer.send(new ProducerRecord<>(topic, null, wallClock, null, value));
          sent++;
        }
        if (System.nanoTime() >= nextReport) {
          nextReport += 1_000_000_000L;
          report(out, tty, (System.nanoTime() - start) / 1_000_000_000L, sent, tally);
        }
      }
      producer.flush();
    }
    if (tty) {
      out.println();
    }
    return sent;
  }

  private static void report(PrintWriter out, boolean tty, long seconds, long sent, TopicTally t) {
    String line =
        String.format(
            Locale.ROOT,
            "t=%3ds  sent %,d | read %,d | valid %,d | dead-lettered %,d",
            seconds,
            sent,
            t.valid() + t.deadLettered(),
            t.valid(),
            t.deadLettered());
    if (tty) {
      out.print("\r" + line);
      out.flush();
    } else if (seconds % 5 == 0) {
      out.println(line);
      out.flush();
    }
  }

  /** Waits until everything sent came out (as an event or a dead letter), or the time is up. */
  private static boolean awaitAll(TopicTally tally, long sent, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (tally.valid() + tally.deadLettered() < sent) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(100); // polling a counter for a human-facing wait, not test synchronisation
    }
    return true;
  }

  private static void printSummary(PrintWriter out, long sent, TopicTally tally) {
    long valid = tally.valid();
    long dead = tally.deadLettered();
    out.println();
    out.println("Summary");
    out.printf(Locale.ROOT, "  sent           %,10d%n", sent);
    out.printf(Locale.ROOT, "  read           %,10d%n", valid + dead);
    out.printf(Locale.ROOT, "  valid          %,10d%n", valid);
    out.printf(Locale.ROOT, "  dead-lettered  %,10d%n", dead);
    Map<DeadLetterReason, Long> byReason = tally.deadLettersByReason();
    byReason.entrySet().stream()
        .sorted(Map.Entry.<DeadLetterReason, Long>comparingByValue().reversed())
        .forEach(
            e ->
                out.printf(
                    Locale.ROOT,
                    "    %-22s %,8d%n",
                    e.getKey().name().toLowerCase(Locale.ROOT),
                    e.getValue()));
    out.printf(
        Locale.ROOT,
        "  read = valid + dead-lettered: %s%n",
        valid + dead == sent ? "yes, nothing lost" : "NO: " + (sent - valid - dead) + " missing");
    out.flush();
  }
}
