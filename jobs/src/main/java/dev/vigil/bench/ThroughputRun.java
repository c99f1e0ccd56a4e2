package dev.vigil.bench;

import dev.vigil.runtime.LocalFlink;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs one bounded benchmark job to the end and measures it. The job reads its input topic from the
 * beginning to the end offsets at its start, so FINISHED is the completion signal; its pace is read
 * from the broker's append times of its outputs (first to last record written), which leaves out
 * the job's deployment and the wait for the final checkpoint after the input ends (up to one
 * checkpoint interval) that a wall clock around the job would count.
 */
public final class ThroughputRun {
  private ThroughputRun() {}

  /**
   * What one job did.
   *
   * @param events input records
   * @param seconds from the last task running to the last task finished
   * @param cpuSeconds process CPU time from submission to FINISHED: the job, the embedded broker
   *     and the JVM's own threads
   * @param commands records on the commands topic
   * @param decisions offsets on the audit topic (transaction markers included)
   * @param deadLetters records on the dead-letter topic
   */
  public record Throughput(
      String job,
      long events,
      double seconds,
      double cpuSeconds,
      long commands,
      long decisions,
      long deadLetters) {
    public double eventsPerSecond() {
      return events / seconds;
    }

    /** CPU seconds per million events. */
    public double cpuPerMillion() {
      return cpuSeconds * 1e6 / Math.max(1, events);
    }
  }

  /** Submits the job built on {@code env}, waits for it to finish and reads its outputs. */
  public static Throughput run(
      LocalFlink flink,
      StreamExecutionEnvironment env,
      String job,
      BenchTopics topics,
      Properties client,
      long events)
      throws Exception {
    long cpu0 = Machine.processCpuNanos();
    JobID id = flink.submit(env, "vigil-bench-" + topics.run());
    var result = flink.awaitResult(id);
    long cpu = Machine.processCpuNanos() - cpu0;
    if (!result.isSuccess()) {
      Throwable t =
          result
              .getSerializedThrowable()
              .map(s -> s.deserializeError(ThroughputRun.class.getClassLoader()))
              .orElse(null);
      throw new IllegalStateException(
          "the " + job + " job failed: " + (t == null ? "unknown cause" : t.getMessage()), t);
    }
    long[] window = flink.taskWindow(id);
    var ends =
        BenchTopics.ends(
            client, List.of(topics.commands(), topics.decisions(), topics.deadLetters()));
    return new Throughput(
        job,
        events,
        Math.max(1, window[1] - window[0]) / 1000.0,
        cpu / 1e9,
        sum(ends, topics.commands()),
        sum(ends, topics.decisions()),
        sum(ends, topics.deadLetters()));
  }

  private static long sum(
      java.util.Map<org.apache.kafka.common.TopicPartition, Long> ends, String topic) {
    long n = 0;
    for (var e : ends.entrySet()) {
      if (e.getKey().topic().equals(topic)) {
        n += e.getValue();
      }
    }
    return n;
  }
}
