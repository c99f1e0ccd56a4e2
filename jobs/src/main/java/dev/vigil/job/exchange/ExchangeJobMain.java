package dev.vigil.job.exchange;

import dev.vigil.job.config.JobArguments;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.kafka.KafkaClientConfig;
import java.util.Properties;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exchange job's entry class for Flink's own tools, as {@code RiskJobMain} is the session risk
 * job's: {@code flink run -c dev.vigil.job.exchange.ExchangeJobMain vigil-jobs.jar
 * --bootstrap-servers kafka:9092 --config vigil.properties}. {@code vigil run --job exchange}
 * builds the same graph ({@link ExchangePipeline}).
 */
public final class ExchangeJobMain {
  private static final Logger LOG = LoggerFactory.getLogger(ExchangeJobMain.class);

  private ExchangeJobMain() {}

  public static void main(String[] args) throws Exception {
    JobArguments arguments = JobArguments.parse(args);
    JobConfig cfg = arguments.config();
    String warning = arguments.securityWarning(ExchangeJob.NAME);
    Properties client = arguments.client(ExchangeJob.NAME);
    LOG.info("Kafka: {}", KafkaClientConfig.describe(client));
    if (warning != null) {
      LOG.warn(warning);
    }
    LOG.info("Checkpoints: {}", JobSettings.checkpointsDescribed(cfg));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobSettings.flink(cfg));
    env.setParallelism(cfg.integer("parallelism", 1, 4096));
    env.getConfig().enableObjectReuse();
    ExchangePipeline.build(env, client, cfg, false);
    env.execute(ExchangeJob.NAME);
  }
}
