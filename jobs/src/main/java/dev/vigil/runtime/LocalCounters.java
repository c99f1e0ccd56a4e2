package dev.vigil.runtime;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * How many records went out of (or into) each named operator of a job that runs on a Flink cluster
 * in this JVM: what {@code vigil score}, {@code run} and {@code ingest} print as their progress
 * and, on Ctrl-C, as the summary of what was done so far ("12,345 events read, 17 commands
 * written").
 *
 * <p>A Flink metric reporter ({@code metrics.reporter.vigil_local.factory.class}, found through
 * {@code META-INF/services}; Flink documentation, "Metric Reporters") that keeps a reference to
 * each operator's {@code numRecordsIn} and {@code numRecordsOut} counter (Flink's standard operator
 * I/O metrics: a source's records out are the records it read, a sink writer's records in the
 * records it was given to write). Reading them costs the job nothing: no copy, no polling, the
 * counters are the ones Flink increments anyway. A counter whose task ends (finished, failed,
 * restarted) is folded into a total for its operator, so a restarted job's figures include what its
 * earlier attempts did and memory stays bounded by the operators of running tasks plus one total
 * per operator. Only a cluster in this JVM can be read this way (a MiniCluster: {@link LocalFlink},
 * a local environment); counts of a job on a remote cluster are not seen here.
 */
public final class LocalCounters implements MetricReporter {
  /** The reporter's name in Flink's configuration keys. */
  public static final String NAME = "vigil_local";

  static final String RECORDS_IN = "numRecordsIn";
  static final String RECORDS_OUT = "numRecordsOut";
  private static final String JOB_ID = "<job_id>";
  private static final String OPERATOR = "<operator_name>";

  /** Counters of running tasks, by the key (job, operator, metric) they add to. */
  private static final Map<Counter, String> LIVE = new ConcurrentHashMap<>();

  /** What ended tasks counted, by key. */
  private static final Map<String, LongAdder> ENDED = new ConcurrentHashMap<>();

  /** The settings that turn the reporter on, added to {@code conf}: returns {@code conf}. */
  public static Configuration enable(Configuration conf) {
    conf.addAll(
        Configuration.fromMap(
            Map.of("metrics.reporter." + NAME + ".factory.class", Factory.class.getName())));
    // An include-list of reporters leaves out any not named: name this one too.
    conf.getOptional(MetricOptions.REPORTERS_LIST)
        .filter(list -> !list.isBlank())
        .ifPresent(list -> conf.set(MetricOptions.REPORTERS_LIST, list + "," + NAME));
    return conf;
  }

  /** Records that operators named {@code operator} of job {@code jobId} emitted so far. */
  public static long recordsOut(String jobId, String operator) {
    return count(key(jobId, operator, RECORDS_OUT));
  }

  /**
   * Records that operators whose name is {@code operator}, or starts with {@code operator + ":"} (a
   * sink's writer, "session-commands: Writer"), of job {@code jobId} took in so far.
   */
  public static long recordsIn(String jobId, String operator) {
    return count(key(jobId, operator, RECORDS_IN))
        + count(key(jobId, operator + ": Writer", RECORDS_IN));
  }

  /** Drops what is kept of job {@code jobId} (after its summary was printed). */
  public static void forget(String jobId) {
    String prefix = jobId + "\u0000";
    ENDED.keySet().removeIf(k -> k.startsWith(prefix));
    LIVE.values().removeIf(k -> k.startsWith(prefix));
  }

  private static long count(String key) {
    long n = 0;
    for (Map.Entry<Counter, String> e : LIVE.entrySet()) {
      if (e.getValue().equals(key)) {
        n += e.getKey().getCount();
      }
    }
    LongAdder ended = ENDED.get(key);
    return ended == null ? n : n + ended.sum();
  }

  private static String key(String jobId, String operator, String metric) {
    return jobId + "\u0000" + operator + "\u0000" + metric;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    String key = keyOf(metric, name, group);
    if (key != null) {
      LIVE.put((Counter) metric, key);
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    if (metric instanceof Counter c) {
      String key = LIVE.remove(c);
      if (key != null) {
        ENDED.computeIfAbsent(key, k -> new LongAdder()).add(c.getCount());
      }
    }
  }

  private static String keyOf(Metric metric, String name, MetricGroup group) {
    if (!(metric instanceof Counter) || !(RECORDS_IN.equals(name) || RECORDS_OUT.equals(name))) {
      return null;
    }
    Map<String, String> variables = group.getAllVariables();
    String job = variables.get(JOB_ID);
    String operator = variables.get(OPERATOR);
    return job == null || operator == null ? null : key(job, operator, name);
  }

  /** Flink makes the reporter through this factory (named in {@code META-INF/services}). */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new LocalCounters();
    }
  }
}
