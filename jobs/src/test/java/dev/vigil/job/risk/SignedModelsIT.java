package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.cli.VigilCli;
import dev.vigil.core.engine.Events;
import dev.vigil.job.config.JobConfig;
import dev.vigil.schema.DeadLetterReason;
import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import dev.vigil.signing.PublisherKeys;
import dev.vigil.testing.KafkaTestSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * Signed models on a real broker and MiniCluster, published with the real CLI: an unsigned model
 * and one signed by an untrusted key are refused (dead letter and audit) while the running model
 * stays; a model signed by the trusted key takes effect and its change is audited with the key id.
 */
class SignedModelsIT extends RiskJobITSupport {
  @Test
  void onlyModelsSignedByATrustedKeyTakeEffectAndEveryChangeIsAudited() throws Exception {
    Path trusted = dir.resolve("trusted");
    Path attacker = dir.resolve("attacker");
    String trustedId = PublisherKeys.keyId(PublisherKeys.generateInto(trusted));
    String attackerId = PublisherKeys.keyId(PublisherKeys.generateInto(attacker));
    JobConfig cfg =
        config(
            "s9",
            "risk.audit-min-probability-change=0",
            "models.trusted-keys=" + trusted.resolve(PublisherKeys.PUBLIC_FILE));
    String models = "s9.models";
    JobClient job = start(cfg);
    try {
      // 1. Unsigned, straight to the topic, as the attacker with write access did.
      KafkaTestSupport.sendAllKeyed(
          KAFKA.clientProperties(),
          models,
          "active",
          SessionRiskFunctionTest.modelJson("all-off", 0.51));
      awaitDeadLetter(DeadLetterReason.MODEL_UNSIGNED);

      // 2. Signed, but by a key the job does not trust.
      Path allOff =
          Files.write(
              dir.resolve("all-off.json"), SessionRiskFunctionTest.modelJson("all-off", 0.51));
      publish(allOff, attacker);
      awaitDeadLetter(DeadLetterReason.MODEL_UNTRUSTED_KEY);

      // The running model stays.
      long[] t = {Events.T0};
      ModelUpdatesIT.sendUntil("s9", t, SessionRiskFunctionTest.DEFAULT_VERSION, false);

      // 3. Signed by the trusted key: applied from the next event on.
      Path candidate =
          Files.write(
              dir.resolve("candidate.json"), SessionRiskFunctionTest.modelJson("candidate-2", 0.5));
      publish(candidate, trusted);
      ModelUpdatesIT.sendUntil("s9", t, "candidate-2", false);

      List<RiskDecision> changes = SessionRiskFunctionTest.modelChanges(decisions("s9"));
      assertThat(changes)
          .extracting(d -> d.getPolicyNotes().get(0))
          .extracting(
              Reason::getCode, r -> r.getValues().get("result"), r -> r.getValues().get("keyId"))
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("model_refused", "UNSIGNED", null),
              org.assertj.core.groups.Tuple.tuple("model_refused", "UNTRUSTED_KEY", attackerId),
              org.assertj.core.groups.Tuple.tuple("model_accepted", "SIGNED", trustedId));
      assertThat(changes)
          .extracting(RiskDecision::getSessionId, RiskDecision::getModelVersion)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("model:active", "all-off"),
              org.assertj.core.groups.Tuple.tuple("model:active", "all-off"),
              org.assertj.core.groups.Tuple.tuple("model:active", "candidate-2"));
      assertThat(ModelUpdatesIT.sessionDecisions("s9"))
          .extracting(RiskDecision::getModelVersion)
          .doesNotContain("all-off");
    } finally {
      job.cancel().get(60, TimeUnit.SECONDS);
    }
  }

  private static void awaitDeadLetter(DeadLetterReason reason) {
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> deadLetters("s9").stream().anyMatch(d -> d.getReason() == reason));
  }

  /** {@code vigil publish-model FILE --signing-key KEY} against the test's broker. */
  private static void publish(Path model, Path keyDir) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        VigilCli.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "publish-model",
            model.toString(),
            "--signing-key",
            keyDir.resolve(PublisherKeys.PRIVATE_FILE).toString(),
            "--topic",
            "s9.models",
            "--bootstrap-servers",
            KAFKA.bootstrapServers());
    assertThat(code).as("publish-model: %s %s", out, err).isZero();
    assertThat(out.toString()).contains("signed by key");
  }
}
