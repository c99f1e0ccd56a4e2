package dev.vigil.runtime;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * A Flink cluster inside this JVM (Flink's MiniCluster) with its REST endpoint and Web UI, for the
 * demo and local runs. A real deployment submits the same job jar to a Flink cluster instead.
 *
 * <p>Flink's temporary files (the 21 MB RPC jar it unpacks, the {@code minicluster_*} working
 * folder, the Web UI's upload folder) go to a folder of the cluster's own ({@code vigil-flink-*}
 * under the system temp folder) or one the caller owns, never loose in the system temp folder: on
 * Ctrl-C Flink leaves them behind.
 */
public final class LocalFlink implements AutoCloseable {
  private static final Duration STOP_ON_INTERRUPT = Duration.ofSeconds(20);

  private final MiniCluster cluster;
  private final URI webUi;
  private final Path ownTmp;
  private final Thread onInterrupt;

  private LocalFlink(MiniCluster cluster, URI webUi, Path ownTmp, Thread onInterrupt) {
    this.cluster = cluster;
    this.webUi = webUi;
    this.ownTmp = ownTmp;
    this.onInterrupt = onInterrupt;
  }

  /**
   * Starts a one-TaskManager cluster.
   *
   * @param slots task slots (the highest parallelism a job may use)
   * @param restPorts a port or range for the REST endpoint and Web UI, e.g. "8081-8099"
   */
  public static LocalFlink start(int slots, String restPorts) throws Exception {
    return start(slots, restPorts, new Configuration());
  }

  /**
   * Starts a one-TaskManager cluster with Flink settings of the caller's on top of the local ones:
   * cluster-level keys such as {@code metrics.reporter.*} take effect only here, not in a job's
   * configuration ({@code vigil run --set metrics.reporter.prom...}).
   *
   * @param extra Flink settings, applied last
   */
  public static LocalFlink start(int slots, String restPorts, Configuration extra)
      throws Exception {
    return start(slots, restPorts, Files.createTempDirectory("vigil-flink-"), true, extra);
  }

  /**
   * Starts a one-TaskManager cluster whose temporary files all go under {@code tmp} instead of the
   * system temp folder: the 21 MB RPC jar Flink unpacks and the {@code minicluster_*} working
   * folder ({@code io.tmp.dirs}, which the working folder defaults to) and the Web UI's upload
   * folder ({@code web.tmpdir}). Whoever owns {@code tmp} deletes it, including after Ctrl-C, when
   * Flink itself leaves them behind.
   *
   * @param tmp a folder for Flink's temporary files
   */
  public static LocalFlink start(int slots, String restPorts, Path tmp) throws Exception {
    return start(slots, restPorts, tmp, false, new Configuration());
  }

  /** As {@link #start(int, String, Path)}, with {@code extra} Flink settings applied last. */
  public static LocalFlink start(int slots, String restPorts, Path tmp, Configuration extra)
      throws Exception {
    return start(slots, restPorts, tmp, false, extra);
  }

  /**
   * @param owned whether the folder is this cluster's own ({@code vigil-flink-*}): {@link #close}
   *     and, on Ctrl-C, a shutdown hook stop the cluster and delete it
   */
  private static LocalFlink start(
      int slots, String restPorts, Path tmp, boolean owned, Configuration extra) throws Exception {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.TMP_DIRS, tmp.toAbsolutePath().toString());
    conf.set(WebOptions.TMP_DIR, tmp.toAbsolutePath().toString());
    conf.set(RestOptions.BIND_PORT, restPorts);
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("128m"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("64m"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("64m"));
    conf.addAll(extra);
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    Thread onInterrupt = null;
    if (owned) {
      onInterrupt =
          new Thread(
              () -> {
                try {
                  cluster.closeAsync().get(STOP_ON_INTERRUPT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                  // stopping anyway: the folder goes below whatever the cluster left in it
                }
                TempFolders.deleteTree(tmp);
              },
              "vigil-flink-cleanup");
      Runtime.getRuntime().addShutdownHook(onInterrupt);
    }
    try {
      cluster.start();
      return new LocalFlink(
          cluster,
          cluster.getRestAddress().get(30, TimeUnit.SECONDS),
          owned ? tmp : null,
          onInterrupt);
    } catch (Exception e) {
      cluster.close();
      if (owned) {
        dropHook(onInterrupt);
        TempFolders.deleteTree(tmp);
      }
      throw e;
    }
  }

  /** Where the Flink Web UI and REST API answer. */
  public URI webUi() {
    return webUi;
  }

  /** Submits the job built on {@code env} and returns at once. */
  public JobID submit(StreamExecutionEnvironment env, String jobName) throws Exception {
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName(jobName);
    return cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
  }

  public JobStatus status(JobID job) throws Exception {
    return cluster.getJobStatus(job).get(10, TimeUnit.SECONDS);
  }

  /** Waits for the job to end and returns how it ended. */
  public JobResult awaitResult(JobID job) throws Exception {
    return cluster.requestJobResult(job).get();
  }

  /**
   * Waits for the job to end, but stops it at its first failure that {@code fatal} recognises
   * anywhere in the cause chain (a failure that a restart cannot heal, such as a missing ACL): the
   * restart strategy cannot tell causes apart, so the job is cancelled here instead of restarting
   * until its attempts run out. The job's latest failure is looked at twice a second.
   *
   * @return how the job ended; {@link Ended#stoppedFor} is the fatal failure when it was stopped
   */
  public Ended awaitResult(JobID job, java.util.function.Predicate<Throwable> fatal)
      throws Exception {
    var result = cluster.requestJobResult(job);
    while (true) {
      try {
        JobResult r = result.get(500, TimeUnit.MILLISECONDS);
        return new Ended(r, r.getSerializedThrowable().orElse(null), null, restarts(job));
      } catch (java.util.concurrent.TimeoutException stillRunning) {
        Throwable failure = latestFailure(job);
        if (failure != null && fatal.test(failure)) {
          int restarts = restarts(job);
          cluster.cancelJob(job).get(60, TimeUnit.SECONDS);
          JobResult r = result.get(60, TimeUnit.SECONDS);
          return new Ended(r, failure, failure, restarts);
        }
      }
    }
  }

  /** How a job ended: its result, its failure if any, and the failure it was stopped for. */
  public record Ended(JobResult result, Throwable failure, Throwable stoppedFor, int restarts) {
    public boolean isSuccess() {
      return stoppedFor == null && result.isSuccess();
    }
  }

  private Throwable latestFailure(JobID job) {
    try {
      var info = cluster.getExecutionGraph(job).get(10, TimeUnit.SECONDS).getFailureInfo();
      return info == null ? null : info.getException();
    } catch (Exception e) {
      return null; // ended meanwhile: the result says how
    }
  }

  /** How often the job restarted its tasks so far (the highest attempt number of any task). */
  private int restarts(JobID job) {
    try {
      int max = 0;
      for (var v :
          cluster.getExecutionGraph(job).get(10, TimeUnit.SECONDS).getAllExecutionVertices()) {
        max = Math.max(max, v.getCurrentExecutionAttempt().getAttemptNumber());
      }
      return max;
    } catch (Exception e) {
      return -1;
    }
  }

  /** Whether every task of the job is running (or already finished, as a bounded source is). */
  public boolean allTasksRunning(JobID job) throws Exception {
    for (var v :
        cluster.getExecutionGraph(job).get(10, TimeUnit.SECONDS).getAllExecutionVertices()) {
      var state = v.getExecutionState();
      if (state != org.apache.flink.runtime.execution.ExecutionState.RUNNING
          && state != org.apache.flink.runtime.execution.ExecutionState.FINISHED) {
        return false;
      }
    }
    return true;
  }

  /**
   * When the job's tasks ran: the latest time a task started running (every task up: records can
   * flow end to end) and the latest time a task finished, in epoch milliseconds.
   */
  public long[] taskWindow(JobID job) throws Exception {
    long running = 0;
    long finished = 0;
    for (var v :
        cluster.getExecutionGraph(job).get(10, TimeUnit.SECONDS).getAllExecutionVertices()) {
      running =
          Math.max(
              running,
              v.getStateTimestamp(org.apache.flink.runtime.execution.ExecutionState.RUNNING));
      finished =
          Math.max(
              finished,
              v.getStateTimestamp(org.apache.flink.runtime.execution.ExecutionState.FINISHED));
    }
    return new long[] {running, finished};
  }

  /**
   * The full state size of the job's latest completed checkpoint in bytes (what a restore reads:
   * serialised for the heap backend, SST files for RocksDB), or -1 when none has completed.
   */
  public long checkpointedStateSize(JobID job) throws Exception {
    var latest =
        cluster
            .getExecutionGraph(job)
            .get(10, TimeUnit.SECONDS)
            .getCheckpointStatsSnapshot()
            .getHistory()
            .getLatestCompletedCheckpoint();
    return latest == null ? -1 : latest.getStateSize();
  }

  public void cancel(JobID job) throws Exception {
    cluster.cancelJob(job).get(60, TimeUnit.SECONDS);
    cluster.requestJobResult(job).get(60, TimeUnit.SECONDS);
  }

  /** Stops the cluster and deletes its temporary folder if it is the cluster's own. */
  @Override
  public void close() throws Exception {
    cluster.close();
    if (ownTmp != null && dropHook(onInterrupt)) {
      TempFolders.deleteTree(ownTmp);
    }
  }

  /** The folder of Flink's temporary files when it is this cluster's own, else null. */
  Path ownTmp() {
    return ownTmp;
  }

  /** Whether the hook was dropped; false while the JVM shuts down (the hook cleans up then). */
  private static boolean dropHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
      return true;
    } catch (IllegalStateException shuttingDown) {
      return false;
    }
  }

  /** Stops the cluster, waiting at most {@code timeout} (on Ctrl-C, where a hang is worse). */
  public void close(Duration timeout) throws Exception {
    cluster.closeAsync().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
