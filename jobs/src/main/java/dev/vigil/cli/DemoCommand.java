package dev.vigil.cli;

import dev.vigil.demo.DemoGateway;
import dev.vigil.demo.DemoTally;
import dev.vigil.demo.HostileRecords;
import dev.vigil.demo.SocTally;
import dev.vigil.evaluation.Evaluation;
import dev.vigil.evaluation.EvaluationReport;
import dev.vigil.evaluation.ReportTable;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.job.exchange.ExchangeJob;
import dev.vigil.job.exchange.ExchangePipeline;
import dev.vigil.job.ingest.IngestSettings;
import dev.vigil.job.risk.RiskJob;
import dev.vigil.job.risk.RiskPipeline;
import dev.vigil.kafka.EmbeddedKafka;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.runtime.JobDefaults;
import dev.vigil.runtime.LocalFlink;
import dev.vigil.runtime.PrometheusReporting;
import dev.vigil.schema.PlainJson;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs Vigil end to end on this machine: an embedded Kafka broker, a local Flink cluster, the
 * ingest job, the session risk job and the exchange job (whose signals the risk job reads back),
 * fed with simulated exchange traffic (with days of history, attacks and hostile records mixed in),
 * and ends with the signals, cases and findings, and the evaluation of the commands against the
 * simulator's labels.
 */
@Command(
    name = "demo",
    description = {
      "Run Vigil end to end on simulated exchange traffic with attacks: embedded Kafka, local",
      "Flink, the ingest, session risk and exchange jobs. Prints live counts, the signals and",
      "cases, and the evaluation table."
    })
public final class DemoCommand implements Callable<Integer> {
  /** Mostly retail, a share of API bots, every attack scenario and hard case present. */
  public static final String MIX =
      "{\"populations\": {\"retail\": 0.85, \"bot\": 0.15, \"market_maker\": 0, \"institutional\": 0},"
          + " \"scenarios\": {\"stolen_api_key\": 0.02, \"token_hijack\": 0.02, \"replay\": 0.02,"
          + " \"credential_stuffing\": 0.02, \"mfa_brute_force\": 0.01, \"low_and_slow\": 0.01,"
          + " \"leaked_mm_key\": 0, \"abuse_flood\": 0.01, \"abuse_scraping\": 0.01},"
          + " \"hard_cases\": {\"traveller\": 0.15, \"vpn\": 0.15, \"mobile_hopping\": 0.15,"
          + " \"new_device\": 0.1, \"bot_failover\": 0.2, \"market_open_burst\": 0.1,"
          + " \"clock_drift\": 0.1}}";

  /** The exit code after Ctrl-C, as the JVM and shells report it (128 + SIGINT). */
  static final int EXIT_INTERRUPTED = 130;

  /**
   * The simulator's labels with their times moved as the records were ({@link DemoRebase}): what
   * the commands are evaluated against. labels.jsonl stays as the simulator wrote it.
   */
  static final String LABELS_SENT = "labels-as-sent.jsonl";

  @Spec CommandSpec spec;

  /** Records sent so far, read by the summary on Ctrl-C. */
  private final AtomicLong sent = new AtomicLong();

  @Option(
      names = "--duration",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "How long the live window lasts, in wall-clock time; the history replay comes first"
              + " (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--accounts",
      defaultValue = "120",
      description = "Simulated accounts (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(
      names = "--hostile-share",
      defaultValue = "0.02",
      description = "Share of malformed or hostile records mixed in (default: ${DEFAULT-VALUE}).")
  double hostileShare;

  @Option(names = "--seed", defaultValue = "1", description = "Traffic seed (default: 1).")
  long seed;

  @Option(
      names = "--web-ui-port",
      defaultValue = "8081-8099",
      description = "Port or range for the Flink Web UI (default: ${DEFAULT-VALUE}).")
  String webUiPort;

  @Override
  public Integer call() throws Exception {
    if (accounts < 20 || accounts > 5_000) {
      throw new Preflight.Usage("--accounts must be between 20 and 5000");
    }
    if (hostileShare < 0 || hostileShare > 0.5) {
      throw new Preflight.Usage("--hostile-share must be between 0 and 0.5");
    }
    if (duration.compareTo(Duration.ofSeconds(5)) < 0) {
      throw new Preflight.Usage("--duration must be at least 5s, e.g. 60s");
    }
    PrintWriter out = spec.commandLine().getOut();
    DemoShutdown shutdown = DemoShutdown.start(out);
    try {
      return run(shutdown, out);
    } catch (Exception e) {
      if (shutdown.interrupted()) {
        return EXIT_INTERRUPTED; // the hook printed the summary; the JVM exits with the signal
      }
      throw e;
    } finally {
      shutdown.close();
    }
  }

  private int run(DemoShutdown shutdown, PrintWriter out) throws Exception {
    Path work = shutdown.work();
    DemoSimulation simulated = DemoSimulation.generate(accounts, seed, work);
    Set<String> compromised = simulated.compromised();
    DemoPlan plan = DemoPlan.of(simulated, duration);
    out.printf(
        Locale.ROOT,
        "Simulated %,d events: %d accounts, 2 days of history, then 1 hour with %d compromised"
            + " sessions (files in %s)%n",
        simulated.result().events(),
        accounts,
        compromised.size(),
        work);
    out.println(DemoSender.historyStarts(plan));
    out.println("Starting an embedded Kafka broker and a local Flink cluster...");
    out.flush();

    DemoKeys keys = DemoKeys.create(work);
    shutdown.keys(keys);
    int metricsPort = PrometheusReporting.freePort();
    try (EmbeddedKafka kafka = shutdown.kafka(EmbeddedKafka.startSingleNode(shutdown.kafkaData()));
        LocalFlink flink =
            shutdown.flink(
                LocalFlink.start(
                    4,
                    webUiPort,
                    shutdown.flinkTmp(),
                    PrometheusReporting.configuration(metricsPort)))) {
      kafka.withAllTopics();
      Properties client = kafka.clientProperties();
      JobConfig cfg = DemoRiskConfig.of(keys);
      JobID ingest = submitIngest(flink, client);
      JobID risk = submitRisk(flink, client, cfg);
      JobID exchange = submitExchange(flink, client, cfg);
      out.println(
          "Kafka:        "
              + kafka.bootstrapServers()
              + " (embedded: loopback only, no authentication)");
      out.println("Flink Web UI: " + flink.webUi());
      out.println("Metrics:      " + PrometheusReporting.url(metricsPort) + " (Prometheus)");
      out.flush();
      DemoRebase rebase =
          DemoRebase.endingBefore(DemoSimulation.WINDOW_END, System.currentTimeMillis());
      try (DemoTally tally =
              new DemoTally(
                      client,
                      VigilTopic.ACCESS_EVENTS.topicName(),
                      VigilTopic.DEAD_LETTER.topicName(),
                      VigilTopic.SESSION_COMMANDS.topicName(),
                      VigilTopic.RISK_DECISIONS.topicName(),
                      VigilTopic.CAEP.topicName())
                  .start();
          SocTally soc =
              new SocTally(
                      client,
                      VigilTopic.SIGNALS.topicName(),
                      VigilTopic.CASES.topicName(),
                      VigilTopic.FINDINGS.topicName(),
                      cfg.string("kafka.group-id") + RiskPipeline.SIGNALS_GROUP_SUFFIX,
                      DemoSimulation.WINDOW_START + rebase.offsetMs())
                  .start();
          DemoGateway gateway =
              DemoGateway.start(client, keys.commandPublic(), keys.gatewayKey(), compromised)) {
        long begin = System.nanoTime();
        DemoPhase phase = new DemoPhase(DemoSimulation.WINDOW_START);
        shutdown.summary(
            o ->
                DemoSummary.print(
                    o,
                    String.format(
                        Locale.ROOT,
                        "Summary (interrupted after %ds, in the %s: what ran so far)",
                        (System.nanoTime() - begin) / 1_000_000_000L,
                        phase.name()),
                    sent.get(),
                    tally,
                    soc,
                    gateway,
                    true));
        try (DemoFeed feed =
                new DemoFeed(
                    work.resolve("events.jsonl"),
                    seed,
                    hostileShare,
                    HostileRecords.all(System.currentTimeMillis()),
                    rebase);
            DemoCatchUp catchUp =
                new DemoCatchUp(
                    client,
                    tally,
                    cfg.string("kafka.group-id"),
                    VigilTopic.ACCESS_EVENTS.topicName())) {
          new DemoSender(
                  out,
                  plan,
                  feed,
                  phase,
                  new DemoProgress(
                      out, System.console() != null, tally, compromised, shutdown, phase),
                  shutdown,
                  sent)
              .run(client, catchUp);
        }
        boolean complete = awaitDrained(tally, soc, sent.get(), DemoPlan.DRAIN_BOUND, shutdown);
        flink.cancel(exchange);
        flink.cancel(risk);
        flink.cancel(ingest);
        DemoSummary.print(out, "Summary", sent.get(), tally, soc, gateway, false);
        rebase.labels(work.resolve("labels.jsonl"), work.resolve(LABELS_SENT));
        EvaluationReport report = evaluate(work, tally);
        writeJsonLines(work.resolve("signals.jsonl"), soc.signals());
        writeJsonLines(work.resolve("cases.jsonl"), soc.cases());
        out.println();
        out.println(ReportTable.render(report));
        out.println("Commands, decisions, signals, cases, report.json and charts: " + work);
        if (!complete) {
          out.println(
              "Not every record came out of the jobs in time; the log in .vigil/logs says why.");
          return VigilCli.EXIT_FAILURE;
        }
      }
    }
    return 0;
  }

  private static JobID submitIngest(LocalFlink flink, Properties client) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobDefaults.apply(env, 1, Duration.ofSeconds(5));
    IngestCommand.build(env, client, IngestSettings.defaults(), "vigil-demo-ingest", false);
    return flink.submit(env, "vigil-demo-ingest");
  }

  private static JobID submitRisk(LocalFlink flink, Properties client, JobConfig cfg)
      throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobSettings.flink(cfg));
    env.setParallelism(1);
    env.getConfig().enableObjectReuse();
    RiskPipeline.build(env, client, cfg);
    return flink.submit(env, RiskJob.NAME);
  }

  /**
   * The exchange job, as {@code vigil run --job exchange} builds it, on the risk job's settings:
   * the same access events under its own consumer group, signals to {@code vigil.signals}, which
   * the risk job reads back ({@code risk.signals-topic}).
   */
  private static JobID submitExchange(LocalFlink flink, Properties client, JobConfig cfg)
      throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobSettings.flink(cfg));
    env.setParallelism(1);
    env.getConfig().enableObjectReuse();
    ExchangePipeline.build(env, client, cfg, false);
    return flink.submit(env, ExchangeJob.NAME);
  }

  /**
   * Waits until every record sent came out of the ingest (as an event or a dead letter) and the
   * outputs, the SOC's topics among them, have been quiet for a few seconds (the risk and exchange
   * jobs caught up and the audit transactions committed), or the time is up.
   */
  private static boolean awaitDrained(
      DemoTally tally, SocTally soc, long sent, Duration timeout, DemoShutdown shutdown)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (tally.valid() + tally.deadLettered() < sent
        || tally.quietFor().toSeconds() < 6
        || soc.quietFor().toSeconds() < 6) {
      if (shutdown.interrupted()) {
        throw new InterruptedException("Ctrl-C"); // the hook prints the summary and cleans up
      }
      if (System.nanoTime() > deadline) {
        return tally.valid() + tally.deadLettered() == sent;
      }
      Thread.sleep(200); // polling counters for a human-facing wait, not test synchronisation
    }
    return true;
  }

  private static EvaluationReport evaluate(Path work, DemoTally tally) throws Exception {
    Path commands = work.resolve("commands.jsonl");
    Path decisions = work.resolve("decisions.jsonl");
    writeJsonLines(commands, new ArrayList<>(tally.commands()));
    writeJsonLines(decisions, new ArrayList<>(tally.decisions()));
    return Evaluation.run(work.resolve(LABELS_SENT), commands, decisions, work);
  }

  private static void writeJsonLines(
      Path file, List<? extends org.apache.avro.specific.SpecificRecord> records)
      throws java.io.IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (var r : records) {
        w.write(PlainJson.toJson(r));
        w.newLine();
      }
    }
  }
}
