package dev.vigil.cli;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.util.ExceptionUtils;

/**
 * A Flink cluster's REST API as {@code vigil savepoint} and {@code vigil stop} use it, through
 * Flink's own {@link RestClusterClient}: it triggers the asynchronous operation ({@code POST
 * /jobs/:jobid/savepoints}, {@code POST /jobs/:jobid/stop}) and polls its status ({@code GET
 * /jobs/:jobid/savepoints/:triggerid}) until the savepoint's path or its failure comes back (Flink
 * documentation, "REST API"). Every call is bounded by the command's {@code --timeout}; a
 * JobManager that does not answer is one line naming the address and the fix.
 */
final class FlinkCluster implements AutoCloseable {
  /** {@code HOST:PORT} of a JobManager's REST endpoint. */
  record Address(String host, int port) {
    static Address parse(String jobManager) {
      int colon = jobManager.lastIndexOf(':');
      int port = -1;
      if (colon > 0) {
        try {
          port = Integer.parseInt(jobManager.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
      }
      if (port < 1 || port > 65535) {
        throw new Preflight.Usage(
            "--jobmanager takes HOST:PORT of the JobManager's REST endpoint, e.g. flink-jm:8081;"
                + " got '"
                + jobManager
                + "'");
      }
      return new Address(jobManager.substring(0, colon), port);
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  private final Address address;
  private final Duration timeout;
  private final RestClusterClient<StandaloneClusterId> client;

  private FlinkCluster(
      Address address, Duration timeout, RestClusterClient<StandaloneClusterId> client) {
    this.address = address;
    this.timeout = timeout;
    this.client = client;
  }

  static FlinkCluster connect(String jobManager, Duration timeout) throws Exception {
    Address at = Address.parse(jobManager);
    Configuration conf = new Configuration();
    conf.set(JobManagerOptions.ADDRESS, at.host());
    conf.set(RestOptions.ADDRESS, at.host());
    conf.set(RestOptions.PORT, at.port());
    // One attempt: a JobManager that is not there should be said at once, not after a minute.
    conf.set(RestOptions.RETRY_MAX_ATTEMPTS, 0);
    conf.set(RestOptions.CONNECTION_TIMEOUT, timeout);
    conf.set(RestOptions.IDLENESS_TIMEOUT, timeout.plusMinutes(5));
    return new FlinkCluster(
        at, timeout, new RestClusterClient<>(conf, StandaloneClusterId.getInstance()));
  }

  /**
   * The job {@code job} names: a job id (32 hex digits), or the name of exactly one job that is not
   * finished, failed or cancelled.
   */
  JobID find(String job) throws Exception {
    if (job.matches("[0-9a-fA-F]{32}")) {
      return JobID.fromHexString(job);
    }
    Collection<JobStatusMessage> jobs = await(client.listJobs(), "list the jobs");
    List<JobStatusMessage> named =
        jobs.stream()
            .filter(j -> j.getJobName().equals(job) && !j.getJobState().isGloballyTerminalState())
            .toList();
    if (named.size() == 1) {
      return named.get(0).getJobId();
    }
    String running =
        jobs.stream()
            .filter(j -> !j.getJobState().isGloballyTerminalState())
            .map(j -> j.getJobId() + " " + j.getJobName() + " " + j.getJobState())
            .toList()
            .toString();
    if (named.isEmpty()) {
      throw new IllegalArgumentException(
          "no running job named '"
              + job
              + "' on "
              + address
              + " (running: "
              + running
              + "); give --job NAME or ID");
    }
    throw new IllegalArgumentException(
        named.size()
            + " running jobs are named '"
            + job
            + "' on "
            + address
            + " ("
            + running
            + "); give --job with the id of one");
  }

  /** Triggers a savepoint and waits for its path; the job keeps running. */
  String savepoint(JobID job, String directory) throws Exception {
    return await(
        client.triggerSavepoint(job, directory, SavepointFormatType.CANONICAL),
        "take a savepoint of job " + job);
  }

  /**
   * Stops the job with a savepoint (its sources stop first, so nothing is processed after it) and
   * waits for the savepoint's path.
   *
   * @param drain advance event time to the end first, firing every timer (for a job that is not to
   *     be resumed)
   */
  String stop(JobID job, String directory, boolean drain) throws Exception {
    return await(
        client.stopWithSavepoint(job, drain, directory, SavepointFormatType.CANONICAL),
        "stop job " + job + " with a savepoint");
  }

  /** Cancels the job, no savepoint: its state survives only in a retained checkpoint. */
  void cancel(JobID job) throws Exception {
    await(client.cancel(job), "cancel job " + job);
  }

  private <T> T await(CompletableFuture<T> call, String what) throws Exception {
    try {
      return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new RunFailure.Failed(
          "could not "
              + what
              + " within "
              + Preflight.seconds(timeout)
              + " on "
              + address
              + "; allow longer with --timeout (a large state takes a while to write)");
    } catch (ExecutionException e) {
      Throwable cause = ExceptionUtils.stripExecutionException(e);
      if (ExceptionUtils.findThrowable(cause, ConnectException.class).isPresent()) {
        throw new RunFailure.Failed(
            "no Flink JobManager answered at "
                + address
                + "; check --jobmanager (the REST port, rest.port, 8081 by default)");
      }
      throw new RunFailure.Failed("could not " + what + " on " + address + ": " + reason(cause));
    }
  }

  /** The innermost message that says something, on one line. */
  private static String reason(Throwable t) {
    String best = t.toString();
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        best = c.getMessage();
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return best.lines().findFirst().orElse(best);
  }

  @Override
  public void close() {
    client.close();
  }
}
