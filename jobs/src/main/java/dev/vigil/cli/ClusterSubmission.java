package dev.vigil.cli;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code --jobmanager HOST:PORT} of {@code vigil run} and {@code vigil ingest}: an environment that
 * submits the graph, with the job jar this CLI runs from, to a Flink cluster's REST endpoint.
 */
final class ClusterSubmission {
  private ClusterSubmission() {}

  /** A remote environment for the cluster at {@code jobManager}, with {@code conf} for the job. */
  static StreamExecutionEnvironment environment(String jobManager, Configuration conf) {
    FlinkCluster.Address at = FlinkCluster.Address.parse(jobManager);
    return StreamExecutionEnvironment.createRemoteEnvironment(
        at.host(), at.port(), conf, RunCommand.jobJar());
  }
}
