package dev.vigil.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Which Flink cluster and job {@code vigil savepoint} and {@code vigil stop} act on. */
public final class ClusterJobOptions {
  @Option(
      names = "--jobmanager",
      required = true,
      paramLabel = "HOST:PORT",
      description = "The Flink cluster's REST endpoint (the JobManager, rest.port).")
  String jobManager;

  @Option(
      names = "--job",
      paramLabel = "ID|NAME",
      defaultValue = "vigil-session-risk",
      description = "The job: its id, or the name of one running job (default: ${DEFAULT-VALUE}).")
  String job;

  @Option(
      names = "--timeout",
      defaultValue = "10m",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "How long the JobManager has to answer and the savepoint to complete (default:"
              + " ${DEFAULT-VALUE}).")
  Duration timeout;

  FlinkCluster connect() throws Exception {
    return FlinkCluster.connect(jobManager, timeout);
  }
}
