package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.engine.Events;
import dev.vigil.job.config.JobConfig;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetterReason;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/** Live model updates through the model topic: new, invalid and shadow models. */
class ModelUpdatesIT extends RiskJobITSupport {
  @Test
  void publishedModelsTakeEffectInvalidOnesAreReportedAndTheShadowOnlyAudits() throws Exception {
    // About live updates, not signatures (SignedModelsIT): unsigned models are allowed here.
    JobConfig cfg =
        config("s2", "risk.audit-min-probability-change=0", "models.allow-unsigned=true");
    JobClient job = start(cfg);
    try {
      String models = "s2.models";
      KafkaTestSupport.sendAllKeyed(
          KAFKA.clientProperties(),
          models,
          "active",
          "{\"formatVersion\": 9}".getBytes(StandardCharsets.UTF_8));
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  deadLetters("s2").stream()
                      .anyMatch(d -> d.getReason() == DeadLetterReason.INVALID_MODEL));
      assertThat(deadLetters("s2"))
          .filteredOn(d -> d.getReason() == DeadLetterReason.INVALID_MODEL)
          .hasSize(1);

      long[] t = {Events.T0};
      sendUntil("s2", t, SessionRiskFunctionTest.DEFAULT_VERSION, false);

      KafkaTestSupport.sendAllKeyed(
          KAFKA.clientProperties(),
          models,
          "active",
          SessionRiskFunctionTest.modelJson("candidate-2", 0.5));
      long switchedAt = sendUntil("s2", t, "candidate-2", false);
      // From the first event it scored, the new model scores every later event.
      assertThat(sessionDecisions("s2"))
          .filteredOn(d -> !d.getShadow() && d.getEventTime() > switchedAt)
          .extracting(RiskDecision::getModelVersion)
          .containsOnly("candidate-2");

      KafkaTestSupport.sendAllKeyed(
          KAFKA.clientProperties(),
          models,
          "shadow",
          SessionRiskFunctionTest.modelJson("challenger", 0.02));
      sendUntil("s2", t, "challenger", true);
      assertThat(commands("s2"))
          .extracting(SessionCommand::getModelVersion)
          .doesNotContain("challenger");
      assertThat(sessionDecisions("s2"))
          .filteredOn(RiskDecision::getShadow)
          .extracting(RiskDecision::getModelVersion)
          .containsOnly("challenger");
    } finally {
      job.cancel().get(60, TimeUnit.SECONDS);
    }
  }

  /** The committed audit records of access events, without those of model changes. */
  static List<RiskDecision> sessionDecisions(String prefix) {
    return SessionRiskFunctionTest.sessionDecisions(decisions(prefix));
  }

  /**
   * Sends owner events of account acct-1 one at a time until an audit record (committed) carries
   * {@code version}; returns the event time of that record.
   */
  static long sendUntil(String prefix, long[] t, String version, boolean shadow) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              t[0] += 30_000;
              AccessEvent e = Events.owner("probe", t[0]).setEventId("probe-" + t[0]).build();
              KafkaTestSupport.sendAll(
                  KAFKA.clientProperties(),
                  prefix + ".access-events",
                  List.of(new Outgoing(bytes(e.toByteBuffer()), System.currentTimeMillis())));
              return sessionDecisions(prefix).stream()
                  .anyMatch(d -> d.getModelVersion().equals(version) && d.getShadow() == shadow);
            });
    return sessionDecisions(prefix).stream()
        .filter(d -> d.getModelVersion().equals(version) && d.getShadow() == shadow)
        .mapToLong(RiskDecision::getEventTime)
        .min()
        .orElseThrow();
  }
}
