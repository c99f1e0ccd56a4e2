package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.cli.VigilCli;
import dev.vigil.core.engine.Events;
import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.evaluation.LabelJoin;
import dev.vigil.evaluation.SessionLabel;
import dev.vigil.job.config.JobConfig;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.Label;
import dev.vigil.schema.PlainJson;
import dev.vigil.schema.RiskDecision;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * The whole loop on a real broker and a Flink MiniCluster: the risk job kills a stolen session,
 * {@code vigil explain -b} rebuilds its timeline from the decisions topic, {@code vigil label -b}
 * records the analyst's verdict, and the labels join to the job's decisions (a mistyped id is
 * reported).
 */
class LabelAndExplainJobIT extends RiskJobITSupport {
  @Test
  void explainTheJobsKillThenLabelIt() throws Exception {
    JobConfig cfg = config("le", "risk.audit-min-probability-change=0");
    List<Outgoing> history = new ArrayList<>();
    long t = Events.T0;
    for (int d = 0; d < 30; d++) {
      for (int i = 0; i < 10; i++) {
        t = Events.T0 + d * 86_400_000L + 9 * 3_600_000L + i * 20_000L;
        history.add(
            avro(
                Events.owner("owner-" + d, t)
                    .setPath(i % 2 == 0 ? "/api/v1/balance" : "/api/v1/orders")
                    .build()));
      }
    }
    long attack = t + 86_400_000L;
    history.add(avro(Events.attacker("stolen", attack).setPath("/api/v1/balance").build()));
    history.add(
        avro(
            Events.attacker("stolen", attack + 5_000)
                .setMethod("POST")
                .setPath("/api/v1/withdraw")
                .setWithdrawalAddress("bc1qattacker")
                .build()));
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), "le.access-events", history);

    JobClient job = start(cfg);
    List<RiskDecision> decisions;
    try {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  commands("le").stream()
                          .anyMatch(
                              c ->
                                  c.getSessionId().equals("stolen")
                                      && c.getAction() == CommandAction.KILL)
                      && decisions("le").stream()
                          .anyMatch(
                              d ->
                                  d.getCommandIds().stream().anyMatch(id -> id.endsWith(":kill"))));
      decisions = decisions("le");
    } finally {
      job.cancel().get(60, TimeUnit.SECONDS);
    }
    long stolenDecisions =
        decisions.stream().filter(d -> d.getSessionId().equals("stolen") && !d.getShadow()).count();
    String kill =
        decisions.stream()
            .flatMap(d -> d.getCommandIds().stream())
            .filter(id -> id.endsWith(":kill"))
            .findFirst()
            .orElseThrow();

    String[] explained =
        cli(
            "explain",
            "--session",
            "stolen",
            "-b",
            KAFKA.bootstrapServers(),
            "--topic",
            "le.risk-decisions");
    assertThat(explained[0]).as(explained[1]).startsWith("session stolen (account ");
    assertThat(explained[0])
        .contains(": " + stolenDecisions + " requests from ")
        .contains("    sent    ")
        .contains(kill)
        .containsPattern("\\+ ?\\d+\\.\\d\\d  [a-z_]+: ");

    String[] labelled =
        cli(
            "label",
            "-b",
            KAFKA.bootstrapServers(),
            "--session",
            "stolen",
            "--verdict",
            "compromised",
            "--analyst",
            "ana");
    assertThat(labelled[0]).as(labelled[1]).startsWith("labelled session stolen compromised");
    cli(
        "label",
        "-b",
        KAFKA.bootstrapServers(),
        "--session",
        "stolem",
        "--verdict",
        "benign",
        "--analyst",
        "ana");
    StringBuilder lines = new StringBuilder();
    for (var r :
        KafkaTestSupport.readAll(KAFKA.clientProperties(), VigilTopic.LABELS.topicName())) {
      lines.append(PlainJson.toJson(Label.fromByteBuffer(ByteBuffer.wrap(r.value())))).append('\n');
    }
    List<SessionLabel> labels = EvaluationFiles.parseLabels(lines.toString());

    LabelJoin join = LabelJoin.toDecisions(labels, decisions);

    assertThat(join.matched()).extracting(SessionLabel::sessionId).containsExactly("stolen");
    assertThat(join.matched().get(0).compromised()).isTrue();
    assertThat(join.describeUnmatched()).isEqualTo("1 label matches no session: stolem");
  }

  private static String[] cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = VigilCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
    return new String[] {out.toString(), err.toString()};
  }
}
