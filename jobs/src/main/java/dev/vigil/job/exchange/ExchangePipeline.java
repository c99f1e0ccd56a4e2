package dev.vigil.job.exchange;

import dev.vigil.core.exchange.ExchangeSettings;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.job.ingest.IngestSettings;
import dev.vigil.job.ingest.IngestStage;
import dev.vigil.job.kafka.KafkaConnections;
import dev.vigil.job.risk.RiskPipeline;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.ExchangeSignal;
import java.util.List;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The production wiring of the exchange job to Kafka: the session risk job's inputs (JSON logs,
 * Avro events) under a consumer group of its own ({@code kafka.group-id} + {@value #GROUP_SUFFIX}),
 * signals to {@code topics.signals} and rejected records to {@code topics.dead-letter}, both
 * at-least-once (a signal's id is deterministic, so a consumer applies a repeated one once).
 */
public final class ExchangePipeline {
  public static final String GROUP_SUFFIX = "-exchange";

  private ExchangePipeline() {}

  /**
   * @param bounded read the inputs up to the offsets latest at start, then finish (tests, replays)
   */
  public static ExchangeStreams build(
      StreamExecutionEnvironment env, Properties client, JobConfig cfg, boolean bounded)
      throws Exception {
    RiskPipeline.applyMaxParallelism(env, cfg);
    IngestSettings ingest = JobSettings.ingest(cfg);
    ExchangeStreams streams =
        ExchangeJob.build(
            env,
            inputs(client, cfg, ingest, bounded),
            JobSettings.initialModel(cfg),
            ingest,
            settings(cfg));
    streams
        .signals()
        .sinkTo(
            KafkaConnections.avroSink(
                client,
                cfg.string("topics.signals"),
                ExchangeSignal.class,
                s -> s.getSubjectType() + ":" + s.getSubject(),
                DeliveryGuarantee.AT_LEAST_ONCE,
                null))
        .uid("exchange-signals-sink")
        .name("signals");
    streams
        .deadLetters()
        .sinkTo(
            KafkaConnections.avroSink(
                client,
                cfg.string("topics.dead-letter"),
                DeadLetter.class,
                d -> null,
                DeliveryGuarantee.AT_LEAST_ONCE,
                null))
        .uid("exchange-dead-letter-sink")
        .name("dead-letter");
    return streams;
  }

  /** The thresholds from {@code exchange.*} (vigil-job.properties documents each). */
  public static ExchangeSettings settings(JobConfig cfg) {
    return new ExchangeSettings(
        cfg.duration("exchange.login-window"),
        cfg.integer("exchange.wave.min-accounts", 2, 1_000_000),
        cfg.number("exchange.wave.min-failure-share", 0, 1),
        cfg.duration("exchange.wave.lifetime"),
        cfg.integer("exchange.address.min-accounts", 2, 32),
        cfg.duration("exchange.address.memory"),
        cfg.duration("exchange.credential.memory"),
        cfg.duration("exchange.shared.lifetime"),
        cfg.duration("exchange.endpoint.memory"));
  }

  private static List<IngestStage.NamedSource> inputs(
      Properties client, JobConfig cfg, IngestSettings ingest, boolean bounded) {
    return RiskPipeline.inputs(
        client, cfg, ingest, bounded, cfg.string("kafka.group-id") + GROUP_SUFFIX);
  }
}
