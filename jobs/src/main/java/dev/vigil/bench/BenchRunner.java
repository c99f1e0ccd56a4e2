package dev.vigil.bench;

import dev.vigil.job.config.JobConfig;
import dev.vigil.kafka.EmbeddedKafka;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.runtime.LocalFlink;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteBufferSerializer;

/**
 * Runs the whole benchmark in this JVM: the state footprint on the traffic, then an embedded broker
 * and a local Flink cluster, the traffic produced to Kafka before any timing, a warm-up run of both
 * bounded jobs, the measured runs of the pass-through and the full job over the same records, and
 * the latency of the production job at 25, 50 and 75% of the full job's measured throughput.
 */
public final class BenchRunner {
  /** Offered loads, as shares of the full job's measured throughput. */
  static final double[] LOADS = {0.25, 0.50, 0.75};

  /** How long each load is offered at most, and the warm-up before the first. */
  static final Duration LEVEL = Duration.ofSeconds(20);

  static final Duration LATENCY_WARMUP = Duration.ofSeconds(5);

  private BenchRunner() {}

  /**
   * @param events records in the measured runs
   * @param accounts simulated accounts
   * @param parallelism the jobs' parallelism (and the cluster's slots)
   * @param stateBackend hashmap or rocksdb
   * @param seed the simulator's seed
   * @param settings further job settings (key=value), e.g. the command signing key
   */
  public record Options(
      long events,
      int accounts,
      int parallelism,
      String stateBackend,
      long seed,
      List<String> settings) {

    /** Records of the warm-up runs: a tenth of the measured ones, 20,000 to 200,000. */
    long warmupEvents() {
      return Math.min(events, Math.max(20_000, Math.min(200_000, events / 10)));
    }
  }

  public static BenchReport run(Options o, Path work, PrintWriter progress) throws Exception {
    long began = System.nanoTime();
    Map<String, Object> machine = Machine.describe();
    BenchTraffic traffic = new BenchTraffic(o.accounts(), o.events(), o.seed());
    say(progress, "Measuring state: the traffic through the scoring core, then its serializers...");
    StateFootprint.Footprint state = StateFootprint.measure(traffic);

    say(progress, "Starting an embedded Kafka broker and a local Flink cluster...");
    try (EmbeddedKafka kafka = EmbeddedKafka.startSingleNode(work.resolve("kafka"));
        LocalFlink flink =
            LocalFlink.start(
                o.parallelism(), "0", Files.createDirectories(work.resolve("flink")))) {
      kafka.withAllTopics();
      Properties client = kafka.clientProperties();
      String events = "bench.events";
      String warmEvents = "bench.warmup-events";
      String liveEvents = "bench.latency-events";
      int partitions = VigilTopic.ACCESS_EVENTS.partitions();
      BenchTopics.createTopics(
          client, Map.of(events, partitions, warmEvents, partitions, liveEvents, partitions));
      BenchTopics warmPass = new BenchTopics("warmup-pass", warmEvents);
      BenchTopics warmFull = new BenchTopics("warmup-full", warmEvents);
      BenchTopics pass = new BenchTopics("pass", events);
      BenchTopics full = new BenchTopics("full", events);
      BenchTopics live = new BenchTopics("latency", liveEvents);
      for (BenchTopics t : List.of(warmPass, warmFull, pass, full, live)) {
        t.create(client);
      }

      say(
          progress,
          String.format(Locale.ROOT, "Producing %,d simulated events to Kafka...", o.events()));
      long produceStart = System.nanoTime();
      BenchTraffic.Produced produced =
          produce(traffic, client, events, warmEvents, o.warmupEvents());
      double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
      long warm = Math.min(o.warmupEvents(), produced.events());

      say(progress, String.format(Locale.ROOT, "Warming up: both jobs over %,d events...", warm));
      run(flink, o, work, warmPass, client, warm, true);
      run(flink, o, work, warmFull, client, warm, false);
      say(progress, "Measuring the pass-through job...");
      ThroughputRun.Throughput passed = run(flink, o, work, pass, client, produced.events(), true);
      say(
          progress,
          String.format(
              Locale.ROOT,
              "  %,.0f events/s; measuring the full session risk job...",
              passed.eventsPerSecond()));
      ThroughputRun.Throughput scored = run(flink, o, work, full, client, produced.events(), false);
      say(
          progress,
          String.format(
              Locale.ROOT,
              "  %,.0f events/s; measuring latency at %s of it (about %d s)...",
              scored.eventsPerSecond(),
              "25, 50 and 75%",
              LATENCY_WARMUP.toSeconds() + LOADS.length * LEVEL.toSeconds()));
      JobConfig liveCfg = config(o, work, live);
      var liveEnv = BenchJobs.environment(liveCfg, false);
      BenchJobs.live(liveEnv, client, liveCfg);
      LatencyRun.Latency latency =
          LatencyRun.run(
              flink,
              liveEnv,
              live,
              client,
              events,
              produced.events(),
              scored.eventsPerSecond(),
              LOADS,
              LEVEL,
              LATENCY_WARMUP);
      return new BenchReport(
          o,
          machine,
          settings(liveCfg),
          produced,
          produceSeconds,
          traffic.window(),
          passed,
          scored,
          latency,
          state,
          (System.nanoTime() - began) / 1e9);
    }
  }

  private static ThroughputRun.Throughput run(
      LocalFlink flink,
      Options o,
      Path work,
      BenchTopics topics,
      Properties client,
      long events,
      boolean passThrough)
      throws Exception {
    JobConfig cfg = config(o, work, topics);
    var env = BenchJobs.environment(cfg, true);
    if (passThrough) {
      BenchJobs.passThrough(env, client, cfg);
    } else {
      BenchJobs.full(env, client, cfg);
    }
    return ThroughputRun.run(
        flink, env, passThrough ? "pass-through" : "full", topics, client, events);
  }

  /** The production defaults, with the run's topics and the benchmark's own settings. */
  static JobConfig config(Options o, Path work, BenchTopics topics) {
    List<String> s = new ArrayList<>(topics.settings());
    s.add("parallelism=" + o.parallelism());
    s.add("state.backend=" + o.stateBackend());
    // Beyond 5 MiB of state the JobManager refuses checkpoints: a folder of the run's own.
    s.add("checkpoint.dir=" + work.resolve("checkpoints").toAbsolutePath());
    s.add("checkpoint.retain-on-cancellation=false");
    // A failure ends the benchmark at once rather than restarting for minutes.
    s.add("restart.attempts=0");
    s.addAll(o.settings());
    return JobConfig.load(null, s);
  }

  /** The settings that trade latency or throughput, as the jobs ran with them. */
  static Map<String, Object> settings(JobConfig cfg) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("checkpointInterval", cfg.string("checkpoint.interval"));
    m.put("stateBackend", cfg.string("state.backend"));
    m.put(
        "networkBufferTimeout",
        cfg.string("network.buffer-timeout") + " (network.buffer-timeout; Flink's default 100ms)");
    m.put("commands", "at-least-once, never waits for a checkpoint; producer linger.ms 5, lz4");
    m.put(
        "auditRecords",
        "exactly-once (Kafka transactions committed at each checkpoint, read_committed)");
    m.put("auditChain", cfg.string("audit.chain.enabled"));
    m.put("auditMinProbabilityChange", cfg.string("risk.audit-min-probability-change"));
    m.put("objectReuse", true);
    return m;
  }

  /**
   * Produces the traffic to {@code topic} keyed by account, the first {@code warm} events to {@code
   * warmTopic} too, and waits for every acknowledgement.
   */
  private static BenchTraffic.Produced produce(
      BenchTraffic traffic, Properties client, String topic, String warmTopic, long warm)
      throws Exception {
    Properties p = new Properties();
    p.putAll(client);
    p.put("acks", "all");
    p.put("linger.ms", "20");
    p.put("batch.size", String.valueOf(256 << 10));
    p.put("compression.type", "lz4");
    AtomicReference<Exception> failure = new AtomicReference<>();
    long[] n = {0};
    BenchTraffic.Produced produced;
    try (KafkaProducer<byte[], java.nio.ByteBuffer> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteBufferSerializer())) {
      produced =
          traffic.run(
              true,
              (e, avro) -> {
                byte[] key = BenchTraffic.key(e);
                if (n[0]++ < warm) {
                  producer.send(
                      new ProducerRecord<>(warmTopic, key, avro.duplicate()),
                      (m, x) -> {
                        if (x != null) {
                          failure.compareAndSet(null, x);
                        }
                      });
                }
                producer.send(
                    new ProducerRecord<>(topic, key, avro),
                    (m, x) -> {
                      if (x != null) {
                        failure.compareAndSet(null, x);
                      }
                    });
                if (failure.get() != null) {
                  throw new java.io.IOException("producing the traffic failed", failure.get());
                }
              });
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("producing the traffic failed", failure.get());
    }
    return produced;
  }

  private static void say(PrintWriter out, String line) {
    out.println(line);
    out.flush();
  }
}
