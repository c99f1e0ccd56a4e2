package dev.vigil.cli;

import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.job.ingest.IngestJob;
import dev.vigil.job.ingest.IngestPipeline;
import dev.vigil.job.ingest.IngestSettings;
import dev.vigil.kafka.KafkaClientConfig;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.runtime.JobDefaults;
import dev.vigil.runtime.LocalCounters;
import dev.vigil.runtime.LocalFlink;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the ingest job: JSON access logs in, Avro access events and dead letters out. */
@Command(
    name = "ingest",
    description = {
      "Run the ingest job: read JSON access logs, write validated Avro access events,",
      "and send every invalid record to the dead-letter topic with its reason."
    })
public final class IngestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;
  @Mixin InsecureOption insecure;
  @Mixin JobConfigOptions config;

  @Option(names = "--group-id", defaultValue = "vigil-ingest", description = "Consumer group.")
  String groupId;

  @Option(
      names = "--parallelism",
      description = "Parallel instances (default: the parallelism setting, 2).")
  Integer parallelism;

  @Option(
      names = "--checkpoint-interval",
      converter = DurationConverter.class,
      description = "How often to checkpoint (default: the checkpoint.interval setting, 10s).")
  Duration checkpointInterval;

  @Option(
      names = "--bounded",
      description = "Stop at the end of what is in the topic now (a backfill), instead of running.")
  boolean bounded;

  @Option(
      names = "--drop-dead-letter-raw",
      description = {
        "Dead letters keep only the refused record's length and SHA-256, not its bytes",
        "(which may hold IP addresses and user agents); such records cannot be replayed",
        "from the dead letter."
      })
  boolean dropDeadLetterRaw;

  @Option(
      names = "--jobmanager",
      paramLabel = "HOST:PORT",
      description = "Submit to this Flink cluster's REST endpoint instead of running locally.")
  String jobManager;

  @Option(
      names = "--web-ui-port",
      defaultValue = "8081-8099",
      description = "Port or range for the local Flink Web UI (default: ${DEFAULT-VALUE}).")
  String webUiPort;

  @Override
  public Integer call() throws Exception {
    if (parallelism != null && parallelism < 1) {
      throw new Preflight.Usage("--parallelism must be at least 1");
    }
    // --config and --set as for run and score (the ingest.* and dead-letter settings,
    // parallelism, checkpoint.interval); an option given on the command line wins.
    JobConfig cfg = config.load();
    int instances = parallelism != null ? parallelism : cfg.integer("parallelism", 1, 4096);
    Duration interval =
        checkpointInterval != null ? checkpointInterval : cfg.duration("checkpoint.interval");
    Properties client = kafka.load();
    var out = spec.commandLine().getOut();
    out.println("Kafka: " + KafkaClientConfig.describe(client));
    insecure.check("ingest", client, out);
    IngestSettings settings = JobSettings.ingest(cfg);
    if (dropDeadLetterRaw) {
      settings = settings.withoutDeadLetterRaw();
    }
    if (jobManager != null) {
      StreamExecutionEnvironment env =
          ClusterSubmission.environment(jobManager, Configuration.fromMap(cfg.flinkSettings()));
      JobDefaults.apply(env, instances, interval);
      build(env, client, settings, groupId, bounded);
      var job = env.executeAsync(IngestJob.NAME);
      out.println(
          "submitted " + IngestJob.NAME + " as job " + job.getJobID() + " to " + jobManager);
      return 0;
    }
    kafka.reach(client);
    TopicCheck.present(
        client,
        kafka.timeout,
        TopicCheck.byName(
            VigilTopic.ACCESS_LOGS, VigilTopic.ACCESS_EVENTS, VigilTopic.DEAD_LETTER));
    // As vigil run: Flink's temporary files in the command's own folder, and on Ctrl-C what was
    // done so far, Flink stopped, the folder deleted (Interruption).
    try (Interruption ctrlC = Interruption.start("ingest", out);
        LocalFlink flink =
            LocalFlink.start(
                instances,
                webUiPort,
                ctrlC.tmp(),
                LocalCounters.enable(Configuration.fromMap(cfg.flinkSettings())))) {
      ctrlC.stop(() -> RunCommand.stop(flink));
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      JobDefaults.apply(env, instances, interval);
      build(env, client, settings, groupId, bounded);
      JobID job = flink.submit(env, IngestJob.NAME);
      ctrlC.soFar(() -> soFar(job.toString()));
      out.println("Flink Web UI: " + flink.webUi());
      out.println("ingest job " + job + " running" + (bounded ? " until the topic's end" : ""));
      out.flush();
      // A missing ACL fails every restart alike: the job is stopped at the first such failure.
      LocalFlink.Ended ended = flink.awaitResult(job, RunFailure::isAuthorization);
      if (!ended.isSuccess()) {
        String acl =
            RunFailure.missingAcl(
                ended.failure(),
                client,
                java.util.Map.of(
                    VigilTopic.ACCESS_LOGS.topicName(),
                    org.apache.kafka.common.acl.AclOperation.READ,
                    VigilTopic.ACCESS_EVENTS.topicName(),
                    org.apache.kafka.common.acl.AclOperation.WRITE,
                    VigilTopic.DEAD_LETTER.topicName(),
                    org.apache.kafka.common.acl.AclOperation.WRITE),
                groupId,
                null,
                ended.restarts());
        throw acl != null
            ? new RunFailure.Failed(acl)
            : new IllegalStateException(
                "the ingest job failed; see the log in .vigil/logs for the cause");
      }
      if (!Interruption.underway()) {
        out.println("ingest job finished"); // not when Ctrl-C stopped it: the summary says so
      }
    }
    return 0;
  }

  /** "40,112 records read; 40,000 events, 112 dead letters written". */
  static String soFar(String job) {
    // Outputs first, the input last: the job runs on while they are read, so read >= written.
    long events = LocalCounters.recordsIn(job, "access-events");
    long dead = LocalCounters.recordsIn(job, "dead-letter");
    return String.format(
        java.util.Locale.ROOT,
        "%,d records read; %,d events, %,d dead letters written",
        LocalCounters.recordsIn(job, "validate-and-split"),
        events,
        dead);
  }

  /** The production wiring of the ingest job to Kafka ({@link IngestPipeline}). */
  static void build(
      StreamExecutionEnvironment env,
      Properties client,
      IngestSettings settings,
      String groupId,
      boolean bounded) {
    IngestPipeline.build(env, client, settings, groupId, bounded);
  }
}
