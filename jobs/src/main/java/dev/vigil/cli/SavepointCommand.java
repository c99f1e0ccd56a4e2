package dev.vigil.cli;

import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Takes a savepoint of a job running on a Flink cluster, through its REST API. */
@Command(
    name = "savepoint",
    description = {
      "Take a savepoint of a job on a Flink cluster (through its REST API) and print its path;",
      "the job keeps running. Restore it with 'vigil run --from-savepoint PATH' or 'flink run -s'."
    })
public final class SavepointCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ClusterJobOptions cluster;

  @Option(
      names = "--target-directory",
      paramLabel = "DIR",
      description = {
        "Where the savepoint goes: a URI every node reaches (file:///shared/..., s3://...).",
        "Default: the cluster's execution.checkpointing.savepoint-dir."
      })
  String directory;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    try (FlinkCluster flink = cluster.connect()) {
      JobID job = flink.find(cluster.job);
      out.println("taking a savepoint of job " + job + " on " + cluster.jobManager);
      out.flush();
      String path = flink.savepoint(job, directory);
      out.println("savepoint " + path);
    }
    return 0;
  }
}
