package dev.vigil.job.risk;

import dev.vigil.job.config.JobArguments;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.job.config.ScaleCheck;
import dev.vigil.kafka.KafkaClientConfig;
import java.util.Properties;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session risk job's entry class, the Flink way: {@code flink run -c
 * dev.vigil.job.risk.RiskJobMain vigil-jobs.jar --bootstrap-servers kafka:9092 --config
 * vigil.properties}, application mode ({@code flink run-application}, {@code standalone-job.sh
 * --job-classname}) and the Flink Kubernetes Operator ({@code job.entryClass}). Arguments as {@link
 * JobArguments} reads them; the environment is {@link
 * StreamExecutionEnvironment#getExecutionEnvironment} (the cluster's when Flink runs this {@code
 * main}, a local one otherwise), the job's settings (checkpoints, state backend, restarts) applied
 * on top of the cluster's configuration.
 *
 * <p>{@code vigil run --jobmanager} builds the same graph ({@link RiskPipeline}) and submits it
 * from the command line; this class is for Flink's own tools. The savepoint to start from is
 * Flink's concern here ({@code flink run -s PATH}, the operator's {@code initialSavepointPath}).
 */
public final class RiskJobMain {
  private static final Logger LOG = LoggerFactory.getLogger(RiskJobMain.class);

  private RiskJobMain() {}

  public static void main(String[] args) throws Exception {
    JobArguments arguments = JobArguments.parse(args);
    JobConfig cfg = arguments.config();
    String warning = arguments.securityWarning(RiskJob.NAME);
    Properties client = arguments.client(RiskJob.NAME);
    LOG.info("Kafka: {}", KafkaClientConfig.describe(client));
    if (warning != null) {
      LOG.warn(warning);
    }
    LOG.info("Checkpoints: {}", JobSettings.checkpointsDescribed(cfg));
    for (String w : ScaleCheck.warnings(cfg, 0)) {
      LOG.warn(w);
    }
    StreamExecutionEnvironment env = environment(cfg);
    RiskPipeline.build(env, client, cfg);
    env.execute(RiskJob.NAME);
  }

  /** The environment Flink gives this {@code main}, with the job's settings applied. */
  static StreamExecutionEnvironment environment(JobConfig cfg) {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobSettings.flink(cfg));
    env.setParallelism(cfg.integer("parallelism", 1, 4096));
    env.getConfig().enableObjectReuse();
    return env;
  }
}
