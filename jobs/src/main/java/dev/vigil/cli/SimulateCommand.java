package dev.vigil.cli;

import dev.vigil.sim.LabelWriter;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.SimulationResult;
import dev.vigil.sim.Simulator;
import dev.vigil.sim.World;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vigil simulate}: deterministic, labelled exchange API traffic to files or Kafka. */
@Command(
    name = "simulate",
    description = {
      "Generate labelled exchange API traffic: events.jsonl (the access-event JSON contract) and"
          + " labels.jsonl (ground truth per session). The same seed gives the same bytes."
    })
public final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--accounts",
      defaultValue = "1000",
      description = "Accounts (default ${DEFAULT-VALUE}).")
  int accounts;

  @Option(
      names = "--duration",
      defaultValue = "1h",
      converter = DurationConverter.class,
      description = "Simulated time span, e.g. 30m, 1h, 2d (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--warmup",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Benign history before the window so that profiles are learned first, e.g. 7d; its"
              + " sessions are labelled warmup and not evaluated; with --to-kafka it is sent"
              + " unpaced (default none).")
  Duration warmup;

  @Option(
      names = "--automated-warmup",
      converter = DurationConverter.class,
      description =
          "Part of the warm-up in which bots and market makers run (default: the warm-up, at"
              + " most 1d; they fill their profiles within hours).")
  Duration automatedWarmup;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--scenario-mix",
      paramLabel = "FILE|NAME",
      description =
          "default (about 1%% of accounts attacked), none, attacks-only-small, or a JSON file"
              + " {\"populations\":{..},\"scenarios\":{..},\"hard_cases\":{..}}; with"
              + " --world it replaces the world's mix (default: the world's, else default).")
  String scenarioMix;

  @Option(
      names = "--world",
      paramLabel = "NAME|FILE",
      description =
          "A simulated world: its benign behaviours (GeoIP noise, phone use, payouts to new"
              + " wallets, app churn, bot fail-over) and its scenario mix. Built-in: baseline,"
              + " geoip-noisy, mobile-first, never-cash-out, app-churn (tuning); cash-out-heavy,"
              + " cloud-bots, careful-attackers, travel-vpn-heavy (held-out); or a JSON file"
              + " (models/SIMULATOR.md). Default: none (today's traffic).")
  String world;

  @Option(
      names = "--start",
      paramLabel = "TIME",
      description = "First simulated instant, RFC 3339 (default 2026-11-02T00:00:00Z, a Monday).")
  String start;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write events.jsonl and labels.jsonl here (with --to-kafka: labels only).")
  Path out;

  @Option(
      names = "--to-kafka",
      paramLabel = "TOPIC",
      description = "Stream the events to this topic instead of a file, keyed by user.id.")
  String topic;

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--no-progress",
      description = "No progress line (by default one every 5 s, or redrawn on a terminal).")
  boolean noProgress;

  @Option(
      names = "--speed-up",
      defaultValue = "1.0",
      description =
          "With --to-kafka: simulated seconds per real second (default ${DEFAULT-VALUE}).")
  double speedUp;

  @Override
  public Integer call() throws IOException {
    validate();
    long startMs = start == null ? SimulationConfig.DEFAULT_START : parseStart(start);
    SimulationConfig config =
        new SimulationConfig(
                accounts,
                duration.toMillis(),
                seed,
                startMs,
                ScenarioMix.resolve(scenarioMix == null ? "default" : scenarioMix))
            .withWarmup(warmup.toMillis(), automatedWarmupMillis());
    if (world != null) {
      World w = World.resolve(world);
      config = config.inWorld(w);
      if (scenarioMix != null) {
        config =
            new SimulationConfig(
                config.accounts(),
                config.durationMs(),
                config.seed(),
                config.startMs(),
                config.warmupMs(),
                config.automatedWarmupMs(),
                ScenarioMix.resolve(scenarioMix),
                w.parameters());
      }
    }
    PrintWriter w = spec.commandLine().getOut();
    SimulationResult r;
    String where;
    if (topic == null) {
      boolean outIsNew = !Files.exists(out); // removed again unless the files go into it
      Preflight.outputFolder(out, "--out");
      long first = config.firstMs();
      long span = config.endMs() - first;
      java.util.concurrent.atomic.AtomicLong events = new java.util.concurrent.atomic.AtomicLong();
      java.util.concurrent.atomic.AtomicLong reached = new java.util.concurrent.atomic.AtomicLong();
      try (Interruption ctrlC = Interruption.watch("simulate", w);
          PartialOutput files = PartialOutput.in(out, outIsNew);
          ProgressLine line =
              ProgressLine.start(
                  w,
                  "simulate",
                  noProgress,
                  elapsed ->
                      String.format(
                          Locale.ROOT,
                          "%,d events, simulated time %s",
                          events.get(),
                          ProgressLine.share(reached.get() - first, span, elapsed)))) {
        ctrlC.soFar(
            () ->
                String.format(
                    Locale.ROOT,
                    "%,d events generated (%.0f%% of the simulated time); nothing written to %s",
                    events.get(),
                    Math.max(0, Math.min(100, 100.0 * (reached.get() - first) / span)),
                    out));
        r =
            Simulator.generate(
                config,
                files.staging(),
                time -> {
                  events.lazySet(events.get() + 1);
                  reached.lazySet(time);
                });
        files.commit();
      }
      where = out.toString();
    } else {
      r = streamToKafka(config, w);
      where = "topic " + topic;
    }
    w.printf(
        Locale.ROOT,
        "wrote %,d events (%,d sessions, %,d attacked) to %s in %.1f s: %,.0f events/s%n",
        r.events(),
        r.sessions(),
        r.attackedSessions(),
        where,
        r.elapsedNanos() / 1e9,
        r.eventsPerSecond());
    if (r.skippedAttacks() > 0) {
      w.printf(
          Locale.ROOT,
          "note: %d planned attacks found no eligible victim (e.g. too few market makers)%n",
          r.skippedAttacks());
    }
    w.flush();
    return 0;
  }

  private long automatedWarmupMillis() {
    return automatedWarmup != null
        ? automatedWarmup.toMillis()
        : Math.min(warmup.toMillis(), Duration.ofDays(1).toMillis());
  }

  private void validate() {
    if (out == null && topic == null) {
      throw new ParameterException(
          spec.commandLine(), "give --out DIR to write files, or --to-kafka TOPIC to stream");
    }
    if (accounts < 1) {
      throw new ParameterException(spec.commandLine(), "--accounts must be at least 1");
    }
    if (duration.toMillis() < 1000) {
      throw new ParameterException(spec.commandLine(), "--duration must be at least 1s");
    }
    if (warmup.isNegative() || warmup.toMillis() > SimulationConfig.MAX_WARMUP_MS) {
      throw new ParameterException(spec.commandLine(), "--warmup must be between 0s and 90d");
    }
    if (automatedWarmup != null
        && (automatedWarmup.isNegative() || automatedWarmup.compareTo(warmup) > 0)) {
      throw new ParameterException(
          spec.commandLine(), "--automated-warmup must be between 0s and --warmup");
    }
    if (!(speedUp > 0) || Double.isInfinite(speedUp)) {
      throw new ParameterException(spec.commandLine(), "--speed-up must be a number > 0");
    }
  }

  private long parseStart(String text) {
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new ParameterException(
          spec.commandLine(), "--start '" + text + "' is not RFC 3339, e.g. 2026-11-02T00:00:00Z");
    }
  }

  /**
   * Sends each event when its simulated time comes, scaled by --speed-up: real time at 1.0. Not
   * tested against a broker here; it is a plain producer with acks=all, flushed at the end.
   */
  private SimulationResult streamToKafka(SimulationConfig config, PrintWriter w)
      throws IOException {
    Properties p = kafka.connect();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    Simulator sim = new Simulator(config);
    AtomicReference<Exception> failure = new AtomicReference<>();
    long wallStart = System.nanoTime();
    SimulationResult r;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      r =
          sim.run(
              (json, length, time, user) -> {
                long due = wallStart + (long) ((time - config.startMs()) * 1e6 / speedUp);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                  LockSupport.parkNanos(wait);
                }
                if (failure.get() != null) {
                  throw new IOException("Kafka send failed", failure.get());
                }
                producer.send(
                    new ProducerRecord<>(
                        topic,
                        user.getBytes(StandardCharsets.UTF_8),
                        Arrays.copyOf(json, length - 1)),
                    (meta, ex) -> {
                      if (ex != null) {
                        failure.compareAndSet(null, ex);
                      }
                    });
              });
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IOException("Kafka send failed: " + failure.get().getMessage(), failure.get());
    }
    if (out != null) {
      Files.createDirectories(out);
      try (OutputStream o =
          new BufferedOutputStream(Files.newOutputStream(out.resolve("labels.jsonl")))) {
        LabelWriter.write(sim.sessions(), config.seed(), o);
      }
      w.println("labels: " + out.resolve("labels.jsonl"));
    }
    return r;
  }
}
