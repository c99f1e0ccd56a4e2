package dev.vigil.job.ingest;

import dev.vigil.job.config.JobArguments;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.kafka.KafkaClientConfig;
import dev.vigil.runtime.JobDefaults;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest job's entry class, the Flink way: {@code flink run -c
 * dev.vigil.job.ingest.IngestJobMain vigil-jobs.jar --bootstrap-servers kafka:9092}, application
 * mode and the Flink Kubernetes Operator ({@code job.entryClass}). Arguments as {@link
 * JobArguments} reads them (the ingest.* and dead-letter settings, {@code parallelism}, {@code
 * checkpoint.interval}), plus {@code --group-id ID} (default {@value #DEFAULT_GROUP}) and {@code
 * --bounded} (stop at the end of what the topic holds at start: a backfill), as {@code vigil
 * ingest} takes them.
 */
public final class IngestJobMain {
  static final String DEFAULT_GROUP = "vigil-ingest";
  private static final Logger LOG = LoggerFactory.getLogger(IngestJobMain.class);

  private IngestJobMain() {}

  public static void main(String[] args) throws Exception {
    JobArguments arguments = JobArguments.parse(Set.of("group-id", "bounded"), args);
    JobConfig cfg = arguments.config();
    String warning = arguments.securityWarning(IngestJob.NAME);
    Properties client = arguments.client(IngestJob.NAME);
    LOG.info("Kafka: {}", KafkaClientConfig.describe(client));
    if (warning != null) {
      LOG.warn(warning);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobDefaults.apply(
        env, cfg.integer("parallelism", 1, 4096), cfg.duration("checkpoint.interval"));
    IngestPipeline.build(
        env,
        client,
        JobSettings.ingest(cfg),
        arguments.option("group-id", DEFAULT_GROUP),
        arguments.flag("bounded"));
    env.execute(IngestJob.NAME);
  }
}
