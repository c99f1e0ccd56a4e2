package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.evaluation.SessionLabel;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.schema.Label;
import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.Verdict;
import dev.vigil.testing.KafkaExtension;
import dev.vigil.testing.KafkaTestSupport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** vigil label -b and vigil explain -b against a real (embedded) broker. */
class LabelAndExplainIT {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @TempDir Path dir;

  @Test
  void aLabelGoesToTheLabelsTopicAsAvroAndComesBackThroughConsume() throws Exception {
    CliRun run =
        CliRun.of(
            "label",
            "-b",
            KAFKA.bootstrapServers(),
            "--session",
            "s-it-1",
            "--verdict",
            "compromised",
            "--analyst",
            "ana",
            "--note",
            "impossible travel, then a withdrawal");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("labelled session s-it-1 compromised by ana -> vigil.labels (partition 0,");
    List<ConsumerRecord<byte[], byte[]>> records =
        KafkaTestSupport.readAll(KAFKA.clientProperties(), VigilTopic.LABELS.topicName());
    assertThat(records).hasSize(1);
    assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("s-it-1");
    Label label = Label.fromByteBuffer(ByteBuffer.wrap(records.get(0).value()));
    assertThat(label.getVerdict()).isEqualTo(Verdict.COMPROMISED);
    assertThat(label.getNote()).isEqualTo("impossible travel, then a withdrawal");

    Path copied = dir.resolve("labels.jsonl");
    CliRun consume =
        CliRun.of(
            "consume",
            "-b",
            KAFKA.bootstrapServers(),
            "--topic",
            VigilTopic.LABELS.topicName(),
            "--out",
            copied.toString());
    assertThat(consume.exitCode()).as(consume.err()).isZero();
    List<SessionLabel> read = EvaluationFiles.readLabels(copied);
    assertThat(read).hasSize(1);
    assertThat(read.get(0).sessionId()).isEqualTo("s-it-1");
    assertThat(read.get(0).compromised()).isTrue();
  }

  @Test
  void explainReadsTheDecisionsTopic() throws Exception {
    String topic = "it.explain.decisions";
    KafkaTestSupport.createTopic(KAFKA.clientProperties(), topic, 2);
    long t0 = 1_764_400_000_000L;
    RiskDecision first = decision("e-1", "s-it-2", t0, 0.01, 0.4, List.of());
    RiskDecision second = decision("e-2", "s-it-2", t0 + 5000, 0.4, 0.98, List.of("e-2:kill"));
    RiskDecision other = decision("x-1", "s-other", t0 + 1000, 0.01, 0.02, List.of());
    for (RiskDecision d : List.of(second, other, first)) {
      ByteBuffer b = d.toByteBuffer();
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      KafkaTestSupport.sendAllKeyed(KAFKA.clientProperties(), topic, d.getSessionId(), bytes);
    }

    CliRun run =
        CliRun.of(
            "explain", "--session", "s-it-2", "-b", KAFKA.bootstrapServers(), "--topic", topic);
    CliRun missing =
        CliRun.of(
            "explain", "--session", "s-nope", "-b", KAFKA.bootstrapServers(), "--topic", topic);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("session s-it-2 (account a-1): 2 requests from 2025-11-29T07:06:40Z")
        .contains("e-1  P 0.0100 -> 0.4000")
        .contains("e-2  P 0.4000 -> 0.9800")
        .contains("+2.50  new_network: from AS 64500 [asn=64500]")
        .contains("    sent    e-2:kill")
        .doesNotContain("x-1");
    assertThat(missing.exitCode()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(missing.err())
        .contains(
            "no decision of session s-nope in topic " + topic + " (3 decisions of 2 sessions");
  }

  private static RiskDecision decision(
      String event, String session, long t, double before, double after, List<String> commands) {
    return RiskDecision.newBuilder()
        .setDecisionId(event + ":active")
        .setSessionId(session)
        .setAccountId("a-1")
        .setEventId(event)
        .setEventTime(t)
        .setDecidedAt(t + 3)
        .setPreviousProbability(before)
        .setProbability(after)
        .setEvidence(
            List.of(
                Reason.newBuilder()
                    .setCode("new_network")
                    .setLogLikelihoodRatio(2.5)
                    .setText("from AS 64500")
                    .setValues(Map.of("asn", "64500"))
                    .build()))
        .setCommandIds(commands)
        .setModelVersion("m-1")
        .build();
  }
}
