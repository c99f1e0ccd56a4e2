package dev.vigil.cli;

import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.job.config.ScaleCheck;
import dev.vigil.job.exchange.ExchangeJob;
import dev.vigil.job.exchange.ExchangePipeline;
import dev.vigil.job.risk.RiskJob;
import dev.vigil.job.risk.RiskPipeline;
import dev.vigil.kafka.KafkaClientConfig;
import dev.vigil.runtime.LocalCounters;
import dev.vigil.runtime.LocalFlink;
import java.io.File;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the session risk job (or the exchange job, {@code --job exchange}) against a real Kafka
 * cluster, locally or on a Flink cluster.
 */
@Command(
    name = "run",
    description = {
      "Run the session risk job, or with --job exchange the exchange job: access events in,",
      "commands, audit records, CAEP tokens and dead letters out (exchange: signals and dead",
      "letters). Locally by default; with --jobmanager, submitted to a Flink cluster."
    })
public final class RunCommand implements Callable<Integer> {
  /** Where {@code vigil run} checkpoints when {@code checkpoint.dir} is empty. */
  static final String DEFAULT_CHECKPOINT_DIR = ".vigil/checkpoints";

  /** How long Ctrl-C waits for the local cluster to stop before deleting its files. */
  static final Duration STOP = Duration.ofSeconds(20);

  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;
  @Mixin InsecureOption insecure;
  @Mixin JobConfigOptions config;

  /** Which job {@code vigil run} runs. */
  enum Job {
    risk,
    exchange
  }

  @Option(
      names = "--job",
      defaultValue = "risk",
      paramLabel = "risk|exchange",
      description =
          "risk: the session risk job (default); exchange: the exchange job, keyed by what spans"
              + " accounts (networks, clients, addresses, keys), signals to topics.signals.")
  Job job;

  @Option(
      names = "--jobmanager",
      paramLabel = "HOST:PORT",
      description = "Submit to this Flink cluster's REST endpoint instead of running locally.")
  String jobManager;

  @Option(
      names = "--from-savepoint",
      paramLabel = "PATH",
      description = "Restore state from this savepoint or retained checkpoint.")
  String savepoint;

  @Option(
      names = "--web-ui-port",
      defaultValue = "8081-8099",
      description = "Port or range for the local Flink Web UI (default: ${DEFAULT-VALUE}).")
  String webUiPort;

  @Override
  public Integer call() throws Exception {
    JobConfig cfg = config.load();
    Properties client = kafka.load();
    var out = spec.commandLine().getOut();
    out.println("Kafka: " + KafkaClientConfig.describe(client));
    insecure.check("run", client, out);
    if (jobManager == null && job == Job.risk) {
      // Locally, every key file is read on this machine: checked before the broker or Flink. On a
      // cluster the task managers read them, from paths this machine may not have.
      KeyPreflight.riskJob(cfg);
    }
    if (cfg.optional("checkpoint.dir") == null) {
      // A durable default for the command that runs in production; the library default (tests,
      // vigil score, the demo) stays in JobManager memory.
      cfg = cfg.with("checkpoint.dir", DEFAULT_CHECKPOINT_DIR);
    }
    out.println("Checkpoints: " + JobSettings.checkpointsDescribed(cfg));
    long heap = jobManager == null ? Runtime.getRuntime().maxMemory() : 0;
    for (String w : ScaleCheck.warnings(cfg, heap)) {
      out.println("warning: " + w);
    }
    Configuration flinkConf = JobSettings.flink(cfg);
    if (savepoint != null) {
      flinkConf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    }
    int parallelism = cfg.integer("parallelism", 1, 4096);
    if (jobManager != null) {
      StreamExecutionEnvironment env = ClusterSubmission.environment(jobManager, flinkConf);
      env.setParallelism(parallelism);
      env.getConfig().enableObjectReuse();
      String name = build(env, client, cfg);
      JobClient submitted = env.executeAsync(name);
      out.println("submitted " + name + " as job " + submitted.getJobID() + " to " + jobManager);
      return 0;
    }
    kafka.reach(client);
    TopicCheck.present(
        client,
        kafka.timeout,
        job == Job.exchange ? TopicCheck.exchangeJob(cfg) : TopicCheck.riskJob(cfg));
    // Flink's temporary files in the command's own folder; Ctrl-C prints what was done so far,
    // stops Flink and deletes the folder (Interruption).
    try (Interruption ctrlC = Interruption.start("run", out);
        LocalFlink flink =
            LocalFlink.start(
                parallelism,
                webUiPort,
                ctrlC.tmp(),
                LocalCounters.enable(Configuration.fromMap(cfg.flinkSettings())))) {
      ctrlC.stop(() -> stop(flink));
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
      env.setParallelism(parallelism);
      env.getConfig().enableObjectReuse();
      String name = build(env, client, cfg);
      JobID running = flink.submit(env, name);
      ctrlC.soFar(() -> soFar(running.toString(), job));
      out.println("Flink Web UI: " + flink.webUi());
      out.println(name + " running as job " + running + " (Ctrl-C to stop)");
      out.flush();
      // A missing ACL fails every restart alike: the job is stopped at the first such failure.
      LocalFlink.Ended ended = flink.awaitResult(running, RunFailure::isAuthorization);
      if (!ended.isSuccess()) {
        throw new RunFailure.Failed(
            RunFailure.explain(
                ended.failure(),
                savepoint,
                client,
                job == Job.exchange
                    ? RunFailure.Access.exchangeJob(cfg)
                    : RunFailure.Access.riskJob(cfg),
                ended.restarts()));
      }
    }
    return 0;
  }

  /** Builds the chosen job's graph; returns its name. */
  private String build(StreamExecutionEnvironment env, Properties client, JobConfig cfg)
      throws Exception {
    if (job == Job.exchange) {
      ExchangePipeline.build(env, client, cfg, false);
      return ExchangeJob.NAME;
    }
    RiskPipeline.build(env, client, cfg);
    return RiskJob.NAME;
  }

  /**
   * What job {@code job} did so far, by what {@code which} writes: the risk job "40,112 records
   * read; 17 commands, 40,100 audit records, 12 dead letters written", the exchange job "40,112
   * records read; 3 signals, 12 dead letters written".
   */
  static String soFar(String job, Job which) {
    // Outputs first, the input last: the job runs on while they are read, so read >= written.
    if (which == Job.exchange) {
      long signals = LocalCounters.recordsIn(job, "signals");
      long dead = LocalCounters.recordsIn(job, "dead-letter");
      return String.format(
          Locale.ROOT,
          "%,d records read; %,d signals, %,d dead letters written",
          LocalCounters.recordsIn(job, "validate-and-split"),
          signals,
          dead);
    }
    long commands = LocalCounters.recordsIn(job, "session-commands");
    long audit = LocalCounters.recordsIn(job, "risk-decisions");
    long dead = LocalCounters.recordsIn(job, "dead-letter");
    return String.format(
        Locale.ROOT,
        "%,d records read; %,d commands, %,d audit records, %,d dead letters written",
        LocalCounters.recordsIn(job, "validate-and-split"),
        commands,
        audit,
        dead);
  }

  /** On Ctrl-C: stops the local cluster, {@link #STOP} at most. */
  static void stop(LocalFlink flink) {
    try {
      flink.close(STOP);
    } catch (Exception e) {
      // stopping anyway: its folder is deleted below whatever it left
    }
  }

  /** The shaded job jar this CLI runs from, shipped to the cluster. */
  static String jobJar() {
    try {
      File jar =
          new File(RunCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!jar.isFile()) {
        throw new IllegalArgumentException(
            "not running from the job jar; build it with ./mvnw -pl jobs -am package and use ./vigil");
      }
      return jar.getPath();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
