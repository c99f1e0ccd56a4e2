package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.engine.Events;
import dev.vigil.job.config.JobConfig;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import dev.vigil.schema.Outcome;
import dev.vigil.schema.RiskDecision;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * The exchange job's signals reach the session risk job through Kafka (issue 12): the job starts
 * while {@code vigil.signals} does not exist yet and keeps running; once the topic is created and a
 * credential-stuffing wave is published on it, logins from the waved network carry {@code
 * exchange_signal} in their audit records, and logins from elsewhere do not.
 */
class ExchangeSignalsIT extends RiskJobITSupport {
  private static final long MINUTE = 60_000L;

  private static Outgoing event(AccessEvent e) throws java.io.IOException {
    return new Outgoing(bytes(e.toByteBuffer()), System.currentTimeMillis());
  }

  private static AccessEvent login(String session, long t, String ip) {
    return Events.attacker(session, t)
        .setEventId(session + "-" + t)
        .setSourceIp(ip)
        .setMethod("POST")
        .setPath("/api/v1/login")
        .setAuthMethod(AuthMethod.PASSWORD)
        .setMfa(null)
        .setStatus(200)
        .setOutcome(Outcome.SUCCESS)
        .build();
  }

  private static boolean carries(RiskDecision d, String code) {
    return d.getEvidence().stream().anyMatch(r -> r.getCode().toString().equals(code));
  }

  @Test
  void aWavePublishedOnATopicCreatedAfterTheStartMakesLoginsFromItsNetworkCarryTheSignal()
      throws Exception {
    JobConfig cfg =
        config("sg", "risk.signals-topic=sg.signals", "risk.audit-min-probability-change=0");
    JobClient job = start(cfg);
    try {
      List<Outgoing> history = new ArrayList<>();
      long t = Events.T0;
      for (int d = 0; d < 30; d++) {
        for (int i = 0; i < 10; i++) {
          t = Events.T0 + d * RiskHarness.DAY + 9 * RiskHarness.HOUR + i * 20_000L;
          history.add(event(Events.owner("owner-" + d, t).setEventId("o-" + t).build()));
        }
      }
      KafkaTestSupport.sendAll(KAFKA.clientProperties(), "sg.access-events", history);
      long last = t;
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  ModelUpdatesIT.sessionDecisions("sg").stream()
                      .anyMatch(x -> x.getEventTime() == last));
      assertThat(job.getJobStatus().get(30, TimeUnit.SECONDS))
          .as("no signals topic yet, and the job runs")
          .isEqualTo(JobStatus.RUNNING);

      long start = t + RiskHarness.DAY;
      KafkaTestSupport.createTopic(KAFKA.clientProperties(), "sg.signals", 1);
      KafkaTestSupport.sendAll(
          KAFKA.clientProperties(),
          "sg.signals",
          List.of(
              new Outgoing(
                  bytes(
                      ExchangeSignalsTest.wave("45.77.200.0/24", start, start + 600 * MINUTE)
                          .toByteBuffer()),
                  System.currentTimeMillis())));
      // The topic is found at the source's next partition discovery (every minute): until then a
      // probe login from the network carries nothing; the first one after, the signal.
      long[] probe = {start};
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> {
                probe[0] += 1_000;
                KafkaTestSupport.sendAll(
                    KAFKA.clientProperties(),
                    "sg.access-events",
                    List.of(
                        event(login("waved-" + probe[0], probe[0], "45.77.200.9")),
                        event(login("elsewhere-" + probe[0], probe[0], "45.77.201.9"))));
                return ModelUpdatesIT.sessionDecisions("sg").stream()
                    .anyMatch(x -> carries(x, "exchange_signal"));
              });
      List<RiskDecision> signalled =
          ModelUpdatesIT.sessionDecisions("sg").stream()
              .filter(x -> carries(x, "exchange_signal"))
              .toList();
      System.out.printf(
          "exchange signal: %d audit records carry it, after %d probe logins%n",
          signalled.size(), (probe[0] - start) / 1_000);
      assertThat(signalled)
          .extracting(x -> x.getSessionId().toString())
          .allMatch(s -> s.startsWith("waved-"));
    } finally {
      job.cancel().get(60, TimeUnit.SECONDS);
    }
  }
}
