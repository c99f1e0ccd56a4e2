package dev.vigil.job.cases;

import dev.vigil.cases.CaseSignal;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.kafka.KafkaConnections;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SecurityCase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The case stage after the session risk operator: its decisions keyed by account into {@link
 * CaseFunction} and, from the operator's {@link CaseOrigin}s, by source network and withdrawal
 * address into {@link SharedCaseFunction} (a case only once two accounts share the key), then the
 * cases to {@code topics.cases} (Avro, keyed by case id) and the OCSF findings to {@code
 * topics.findings} (JSON, keyed by finding uid), both at-least-once: a case revision and a finding
 * are idempotent by id, so a replay after a restart repeats them and a consumer keeps one.
 *
 * <p>Whether the stage runs is decided once when the job is built ({@code cases.enabled}), as for
 * the gateways' outcomes: {@code auto} when both topics exist (else one log line says how to enable
 * it), {@code true} refuses to start without them, {@code false} never.
 */
public final class CaseStage {
  private static final Logger LOG = LoggerFactory.getLogger(CaseStage.class);

  private CaseStage() {}

  /**
   * @param cases every case revision
   * @param findings (finding uid, OCSF Detection Finding JSON)
   */
  public record Streams(
      DataStream<SecurityCase> cases, DataStream<Tuple2<String, String>> findings) {}

  /** The stage's operators on {@code decisions}, grouped by account only. */
  public static Streams attach(DataStream<RiskDecision> decisions, CaseStageSettings settings) {
    return attach(decisions, null, settings);
  }

  /**
   * The stage's operators: {@code decisions} keyed by account ({@link CaseFunction}) and, when
   * given, {@code origins} keyed by network or withdrawal address ({@link SharedCaseFunction}), the
   * two kinds of case on one stream.
   *
   * @param origins the risk operator's decisions with their network and address, or null
   */
  public static Streams attach(
      DataStream<RiskDecision> decisions,
      DataStream<CaseOrigin> origins,
      CaseStageSettings settings) {
    double min = settings.cases().minProbability();
    SingleOutputStreamOperator<SecurityCase> cases =
        decisions
            // Chained to the risk operator: only decisions that may join a case cross the network.
            .filter(d -> CaseSignal.mayCount(d, min))
            .uid("cases-filter")
            .name("cases-filter")
            .keyBy(RiskDecision::getAccountId)
            .process(new CaseFunction(settings.cases(), settings.vendorName()))
            .uid("cases")
            .name("cases");
    if (origins == null) {
      return new Streams(cases, cases.getSideOutput(CaseFunction.FINDINGS));
    }
    SingleOutputStreamOperator<SecurityCase> shared =
        origins
            .filter(o -> CaseSignal.mayCount(o.decision, min))
            .uid("cases-shared-filter")
            .name("cases-shared-filter")
            .keyBy(CaseOrigin::stateKey)
            .process(new SharedCaseFunction(settings.cases(), settings.vendorName()))
            .uid("cases-shared")
            .name("cases-shared");
    return new Streams(
        cases.union(shared),
        cases
            .getSideOutput(CaseFunction.FINDINGS)
            .union(shared.getSideOutput(CaseFunction.FINDINGS)));
  }

  /** Attaches the stage and its sinks when {@code cases.enabled} says so. */
  public static void attachSinks(
      DataStream<RiskDecision> decisions, Properties client, JobConfig cfg) throws Exception {
    attachSinks(decisions, null, client, cfg);
  }

  /**
   * The same with cross-account cases from {@code origins} (the risk operator's side output), or by
   * account only when it is null.
   */
  public static void attachSinks(
      DataStream<RiskDecision> decisions,
      DataStream<CaseOrigin> origins,
      Properties client,
      JobConfig cfg)
      throws Exception {
    CaseStageSettings settings = CaseStageSettings.from(cfg);
    if (!enabled(client, settings)) {
      return;
    }
    Streams s = attach(decisions, origins, settings);
    s.cases()
        .sinkTo(
            KafkaConnections.avroSink(
                client,
                settings.casesTopic(),
                SecurityCase.class,
                SecurityCase::getCaseId,
                DeliveryGuarantee.AT_LEAST_ONCE,
                null))
        .uid("cases-sink")
        .name("cases-sink");
    String topic = settings.findingsTopic();
    s.findings()
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
                                null,
                                t.f0.getBytes(StandardCharsets.UTF_8),
                                t.f1.getBytes(StandardCharsets.UTF_8)))
                .build())
        .uid("findings-sink")
        .name("findings-sink");
  }

  static boolean enabled(Properties client, CaseStageSettings settings) throws Exception {
    if (settings.enabled().equals("false")) {
      return false;
    }
    List<String> missing = new ArrayList<>();
    try (Admin admin = Admin.create(client)) {
      Set<String> names = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      for (String t : List.of(settings.casesTopic(), settings.findingsTopic())) {
        if (!names.contains(t)) {
          missing.add(t);
        }
      }
    }
    if (missing.isEmpty()) {
      return true;
    }
    String problem =
        "topic(s) "
            + String.join(", ", missing)
            + " do not exist: create them with 'vigil topics create', or set cases.enabled=false";
    if (settings.enabled().equals("true")) {
      throw new IllegalArgumentException("cases.enabled=true, but " + problem);
    }
    LOG.warn("Running without cases and findings (cases.enabled=auto): {}", problem);
    return false;
  }
}
