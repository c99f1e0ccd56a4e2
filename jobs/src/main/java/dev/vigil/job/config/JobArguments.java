package dev.vigil.job.config;

import dev.vigil.kafka.KafkaClientConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.util.ParameterTool;

/**
 * The arguments of the entry classes ({@code RiskJobMain}, {@code IngestJobMain}) as Flink passes
 * them to a job's {@code main}: {@code flink run -c CLASS vigil-jobs.jar ARGS}, the {@code args} of
 * an application-mode deployment and {@code job.args} of the Flink Kubernetes Operator. Read with
 * Flink's {@link ParameterTool} ({@code --key value} pairs):
 *
 * <ul>
 *   <li>{@code --config FILE}: a job settings file (keys as in {@code vigil-job.properties});
 *   <li>{@code --client-config FILE}: Kafka client properties (TLS, SASL; secrets as {@code
 *       ${env:VAR}} or {@code ${file:PATH:KEY}} references, resolved by the Kafka clients where
 *       they run);
 *   <li>{@code --bootstrap-servers HOST:PORT[,...]}: the brokers (wins over the file's);
 *   <li>{@code --insecure}: allow a connection without authentication (as {@code vigil run
 *       --insecure});
 *   <li>any other {@code --KEY VALUE}: one job setting, e.g. {@code --parallelism 4} or {@code
 *       --checkpoint.dir s3://bucket/vigil}, applied after the file, as {@code vigil run --set}.
 * </ul>
 *
 * Files are read where {@code main} runs: the client for {@code flink run}, the JobManager in
 * application mode. Secrets never pass through here: the settings name files and environment
 * variables that the TaskManagers read when the job's operators open.
 */
public final class JobArguments {
  /** What {@link ParameterTool} gives a {@code --key} followed by no value. */
  private static final String NO_VALUE = "__NO_VALUE_KEY";

  static final Set<String> OWN = Set.of("config", "client-config", "bootstrap-servers", "insecure");

  private final JobConfig config;
  private final Properties client;
  private final boolean insecure;
  private final ParameterTool params;

  private JobArguments(
      JobConfig config, Properties client, boolean insecure, ParameterTool params) {
    this.config = config;
    this.client = client;
    this.insecure = insecure;
    this.params = params;
  }

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException one line naming the wrong argument and the fix
   */
  public static JobArguments parse(String... args) {
    return parse(Set.of(), args);
  }

  /**
   * Parses {@code args}, where {@code entryOptions} are the entry class's own options besides the
   * settings (read with {@link #option} and {@link #flag}).
   *
   * @throws IllegalArgumentException one line naming the wrong argument and the fix
   */
  public static JobArguments parse(Set<String> entryOptions, String... args) {
    ParameterTool params;
    try {
      params = ParameterTool.fromArgs(args);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "arguments are --key value pairs (e.g. --config vigil.properties --parallelism 4): "
              + e.getMessage());
    }
    Map<String, String> all = new TreeMap<>(params.toMap());
    List<String> overrides = new ArrayList<>();
    for (Map.Entry<String, String> e : all.entrySet()) {
      if (OWN.contains(e.getKey()) || entryOptions.contains(e.getKey())) {
        continue;
      }
      if (NO_VALUE.equals(e.getValue())) {
        throw new IllegalArgumentException(
            "--" + e.getKey() + " needs a value, e.g. --" + e.getKey() + " VALUE");
      }
      overrides.add(e.getKey() + "=" + e.getValue());
    }
    String file = value(params, "config");
    JobConfig cfg = JobConfig.load(file == null ? null : Path.of(file), overrides);
    String clientFile = value(params, "client-config");
    Properties client =
        KafkaClientConfig.load(
            value(params, "bootstrap-servers"), clientFile == null ? null : Path.of(clientFile));
    return new JobArguments(cfg, client, params.has("insecure"), params);
  }

  /** An entry option's value, or {@code otherwise} when it is not given. */
  public String option(String key, String otherwise) {
    String v = value(params, key);
    return v == null ? otherwise : v;
  }

  /** Whether a flag ({@code --bounded}) is given. */
  public boolean flag(String key) {
    return params.has(key);
  }

  private static String value(ParameterTool params, String key) {
    String v = params.get(key);
    if (NO_VALUE.equals(v)) {
      throw new IllegalArgumentException("--" + key + " needs a value");
    }
    return v;
  }

  /** The job settings: defaults, then {@code --config}, then the {@code --KEY VALUE} overrides. */
  public JobConfig config() {
    return config;
  }

  /**
   * The Kafka client properties, once their security passes {@link
   * KafkaClientConfig#requireAuthentication} (PLAINTEXT only with {@code --insecure}).
   *
   * @param job the job's name, for the message
   * @return the properties; a warning to log, if any, is {@link #securityWarning}
   */
  public Properties client(String job) {
    KafkaClientConfig.requireAuthentication(client, insecure, job);
    return client;
  }

  /** The warning {@link KafkaClientConfig#requireAuthentication} gives, or null. */
  public String securityWarning(String job) {
    return KafkaClientConfig.requireAuthentication(client, insecure, job);
  }
}
