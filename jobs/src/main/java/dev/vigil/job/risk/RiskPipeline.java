package dev.vigil.job.risk;

import dev.vigil.job.audit.AuditChainStage;
import dev.vigil.job.cases.CaseStage;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.job.ingest.IngestSettings;
import dev.vigil.job.ingest.IngestStage;
import dev.vigil.job.ingest.RecordFormat;
import dev.vigil.job.kafka.KafkaConnections;
import dev.vigil.job.outcome.OutcomeInput;
import dev.vigil.job.outcome.OutcomeRecord;
import dev.vigil.job.outcome.OutcomeSettings;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The production wiring of the session risk job to Kafka: JSON and Avro inputs, the model topic,
 * the gateways' outcomes ({@link OutcomeInput}), and the four outputs with the guarantee each
 * needs. Commands are at-least-once and low latency (gateways apply each id once); the audit trail
 * is exactly-once through Kafka transactions, so readers use read_committed.
 */
public final class RiskPipeline {
  /** The signals' consumer group: {@code kafka.group-id} plus this. */
  public static final String SIGNALS_GROUP_SUFFIX = "-signals";

  private RiskPipeline() {}

  public static RiskStreams build(StreamExecutionEnvironment env, Properties client, JobConfig cfg)
      throws Exception {
    applyMaxParallelism(env, cfg);
    IngestSettings ingest = JobSettings.ingest(cfg);
    String group = cfg.string("kafka.group-id");
    List<IngestStage.NamedSource> inputs = inputs(client, cfg, ingest, false);
    KafkaSource<ModelUpdate> models =
        KafkaSource.<ModelUpdate>builder()
            .setProperties(client)
            .setTopics(cfg.string("topics.models"))
            .setGroupId(group + "-models")
            // The whole compacted topic every time: the latest model of each slot is at its end.
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(new ModelUpdateDeserializer())
            .build();

    // The gateways' outcomes, when configured and the topic exists (OutcomeInput).
    KafkaSource<OutcomeRecord> outcomes =
        OutcomeInput.sourceOrNull(client, OutcomeSettings.from(cfg), group, ingest);

    RiskStreams streams =
        RiskJob.build(
            env,
            inputs,
            models,
            outcomes,
            signalsOrNull(client, cfg.string("risk.signals-topic"), group),
            JobSettings.initialModel(cfg),
            ingest,
            JobSettings.risk(cfg));
    attachSinks(streams, client, cfg);
    return streams;
  }

  /**
   * The exchange job's signals ({@code risk.signals-topic}; empty for none), subscribed by a
   * pattern that names the one topic: a topic that does not exist yet gives no partitions instead
   * of failing the job, and is read from its first partition discovery (every minute) once it is
   * created. A new group starts at the earliest record retained (a signal already expired is not
   * kept); a restored job resumes from its checkpoint.
   */
  static KafkaSource<ModelUpdate> signalsOrNull(Properties client, String topic, String group) {
    if (topic.isBlank()) {
      return null;
    }
    return KafkaSource.<ModelUpdate>builder()
        .setProperties(client)
        .setTopicPattern(Pattern.compile(Pattern.quote(topic.trim())))
        .setGroupId(group + SIGNALS_GROUP_SUFFIX)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new SignalUpdateDeserializer())
        .setProperty("partition.discovery.interval.ms", "60000")
        .build();
  }

  /** Sets the configured max parallelism, refusing a parallelism above it. */
  public static void applyMaxParallelism(StreamExecutionEnvironment env, JobConfig cfg) {
    // Fixed, not derived from the parallelism: keyed state restores at another parallelism only
    // under the max parallelism it was written with (vigil-job.properties, max-parallelism).
    int maxParallelism = cfg.integer("max-parallelism", 1, 32768);
    if (env.getParallelism() > maxParallelism) {
      throw new IllegalArgumentException(
          "parallelism "
              + env.getParallelism()
              + " is above max-parallelism "
              + maxParallelism
              + "; the keyed state cannot be spread over more subtasks than key groups");
    }
    env.setMaxParallelism(maxParallelism);
  }

  /**
   * The configured Kafka inputs (JSON logs, Avro events).
   *
   * @param bounded read up to the offsets latest at start, then finish ({@code vigil bench})
   */
  public static List<IngestStage.NamedSource> inputs(
      Properties client, JobConfig cfg, IngestSettings ingest, boolean bounded) {
    return inputs(client, cfg, ingest, bounded, cfg.string("kafka.group-id"));
  }

  /** As above, read by consumer group {@code group} (the exchange job's own). */
  public static List<IngestStage.NamedSource> inputs(
      Properties client, JobConfig cfg, IngestSettings ingest, boolean bounded, String group) {
    List<IngestStage.NamedSource> inputs = new ArrayList<>();
    if (cfg.bool("inputs.json")) {
      inputs.add(
          new IngestStage.NamedSource(
              "json",
              KafkaConnections.ingestSource(
                  client,
                  cfg.string("topics.access-logs"),
                  RecordFormat.JSON,
                  group,
                  ingest,
                  bounded)));
    }
    if (cfg.bool("inputs.avro")) {
      inputs.add(
          new IngestStage.NamedSource(
              "avro",
              KafkaConnections.ingestSource(
                  client,
                  cfg.string("topics.access-events"),
                  RecordFormat.AVRO,
                  group,
                  ingest,
                  bounded)));
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("both inputs.json and inputs.avro are false; enable one");
    }
    return inputs;
  }

  /**
   * Writes the job's four outputs to their topics, each with its delivery guarantee: commands, dead
   * letters and CAEP at-least-once (never waiting for a checkpoint), audit records exactly-once
   * (committed with each checkpoint), chained when configured; and the cases and OCSF findings
   * built from the audit records, at-least-once, when their topics exist ({@link CaseStage}).
   */
  /**
   * The record key of a command: its session id, or its account id for an account command (target
   * ACCOUNT), so a gateway that partitions by account reads an account's commands in order.
   */
  static String commandKey(SessionCommand c) {
    return c.getTarget() == dev.vigil.schema.CommandTarget.ACCOUNT
        ? c.getAccountId()
        : c.getSessionId();
  }

  public static void attachSinks(RiskStreams streams, Properties client, JobConfig cfg)
      throws Exception {
    String group = cfg.string("kafka.group-id");
    streams
        .commands()
        .sinkTo(
            KafkaConnections.avroSink(
                client,
                cfg.string("topics.session-commands"),
                SessionCommand.class,
                RiskPipeline::commandKey,
                DeliveryGuarantee.AT_LEAST_ONCE,
                null))
        .uid("commands-sink")
        .name("session-commands");
    Properties transactional = new Properties();
    transactional.putAll(client);
    // Longer than a checkpoint interval plus a restart, shorter than the broker's maximum (15 min).
    transactional.setProperty("transaction.timeout.ms", "600000");
    String decisionsTopic = cfg.string("topics.risk-decisions");
    DataStream<RiskDecision> decisions = streams.decisions();
    // Cases and OCSF findings for the SOC, when their topics exist (CaseStage).
    CaseStage.attachSinks(decisions, streams.caseOrigins(), client, cfg);
    if (cfg.bool("audit.chain.enabled")) {
      // The tamper-evident chain: each record linked to its partition's previous one, the head
      // in checkpointed state, written to the partition its link names.
      int partitions = cfg.integer("audit.chain.partitions", 0, 100_000);
      decisions =
          AuditChainStage.attach(
              decisions,
              partitions > 0 ? partitions : TopicAdmin.partitionCount(client, decisionsTopic));
    }
    decisions
        .sinkTo(
            KafkaConnections.avroSink(
                transactional,
                decisionsTopic,
                RiskDecision.class,
                RiskDecision::getSessionId,
                d -> d.getChain() == null ? null : d.getChain().getPartition(),
                DeliveryGuarantee.EXACTLY_ONCE,
                group + "-risk-decisions"))
        .uid("decisions-sink")
        .name("risk-decisions");
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
        .uid("dead-letter-sink")
        .name("dead-letter");
    if (cfg.bool("caep.enabled")) {
      String topic = cfg.string("topics.caep");
      streams
          .caep()
          .sinkTo(
              KafkaSink.<Tuple2<String, String>>builder()
                  .setKafkaProducerConfig(client)
                  .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                  .setRecordSerializer(
                      (KafkaRecordSerializationSchema<Tuple2<String, String>>)
                          (t, context, timestamp) ->
                              new ProducerRecord<>(
                                  topic,
                                  null,
                                  null, // the write time, not the event's (AvroRecordSerializer)
                                  t.f0.getBytes(StandardCharsets.UTF_8),
                                  t.f1.getBytes(StandardCharsets.US_ASCII)))
                  .build())
          .uid("caep-sink")
          .name("caep");
    }
  }
}
