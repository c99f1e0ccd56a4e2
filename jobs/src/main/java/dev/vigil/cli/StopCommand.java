package dev.vigil.cli;

import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Stops a job running on a Flink cluster, with a savepoint, through its REST API. */
@Command(
    name = "stop",
    description = {
      "Stop a job on a Flink cluster (through its REST API): with --savepoint, its sources stop,",
      "a savepoint is taken and its path printed; without, the job is cancelled."
    })
public final class StopCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ClusterJobOptions cluster;

  @Option(
      names = "--savepoint",
      arity = "0..1",
      fallbackValue = "",
      paramLabel = "DIR",
      description = {
        "Stop with a savepoint, in DIR (a URI every node reaches) or, without DIR, the cluster's",
        "execution.checkpointing.savepoint-dir."
      })
  String savepoint;

  @Option(
      names = "--drain",
      description = {
        "With --savepoint: advance event time to the end first, firing every timer; for a job",
        "that will not be resumed (sessions then expire in the savepoint)."
      })
  boolean drain;

  @Override
  public Integer call() throws Exception {
    Preflight.require(savepoint != null || !drain, "--drain goes with --savepoint");
    var out = spec.commandLine().getOut();
    try (FlinkCluster flink = cluster.connect()) {
      JobID job = flink.find(cluster.job);
      if (savepoint == null) {
        flink.cancel(job);
        out.println(
            "cancelled job "
                + job
                + " without a savepoint; its state survives only in its last retained checkpoint"
                + " (checkpoint.retain-on-cancellation)");
        return 0;
      }
      out.println("stopping job " + job + " on " + cluster.jobManager + " with a savepoint");
      out.flush();
      String path = flink.stop(job, savepoint.isEmpty() ? null : savepoint, drain);
      out.println("stopped; savepoint " + path);
    }
    return 0;
  }
}
