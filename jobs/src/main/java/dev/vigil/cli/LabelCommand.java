package dev.vigil.cli;

import dev.vigil.evaluation.AnalystLabels;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.schema.Label;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vigil label}: one analyst's verdict, to the labels topic or a JSON lines file. */
@Command(
    name = "label",
    description = {
      "Record an analyst's verdict on a session or one decision: Avro to the labels topic",
      "(-b) or a JSON line appended to --out, which vigil evaluate and vigil train read."
    })
public final class LabelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Option(names = "--session", paramLabel = "ID", description = "The session judged.")
  String session;

  @Option(
      names = "--decision",
      paramLabel = "ID",
      description = "The decision judged (a RiskDecision's decisionId).")
  String decision;

  @Option(
      names = "--verdict",
      required = true,
      paramLabel = "VERDICT",
      description = "compromised, benign or abuse.")
  String verdict;

  @Option(names = "--analyst", required = true, paramLabel = "NAME", description = "Who judged.")
  String analyst;

  @Option(names = "--note", paramLabel = "TEXT", description = "What the analyst saw.")
  String note;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      description = "Attack or abuse scenario, if known (e.g. token_hijack).")
  String scenario;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Append the label as one JSON line to FILE instead of producing it.")
  Path out;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "Labels topic (default: ${DEFAULT-VALUE}).")
  String topic = VigilTopic.LABELS.topicName();

  @Override
  public Integer call() throws Exception {
    boolean toKafka = kafka.bootstrapServers != null || kafka.clientConfig != null;
    if (toKafka == (out != null)) {
      throw new ParameterException(
          spec.commandLine(),
          "give exactly one destination: -b BROKER (the "
              + topic
              + " topic) or --out FILE (a JSON lines file)");
    }
    Label label;
    try {
      label =
          AnalystLabels.of(
              session, decision, verdict, analyst, note, scenario, System.currentTimeMillis());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter o = spec.commandLine().getOut();
    String subject =
        (label.getSessionId() != null ? "session " : "decision ") + AnalystLabels.key(label);
    String verdictText = label.getVerdict().name().toLowerCase(Locale.ROOT);
    if (out != null) {
      AnalystLabels.append(label, Preflight.outputFile(out, "--out"));
      o.printf("labelled %s %s by %s -> %s%n", subject, verdictText, label.getAnalyst(), out);
      return 0;
    }
    Properties props = kafka.connect();
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      ByteBuffer value = label.toByteBuffer();
      byte[] bytes = new byte[value.remaining()];
      value.get(bytes);
      RecordMetadata meta =
          producer
              .send(
                  new ProducerRecord<>(
                      topic, AnalystLabels.key(label).getBytes(StandardCharsets.UTF_8), bytes))
              .get();
      o.printf(
          "labelled %s %s by %s -> %s (partition %d, offset %d)%n",
          subject, verdictText, label.getAnalyst(), topic, meta.partition(), meta.offset());
    }
    return 0;
  }
}
