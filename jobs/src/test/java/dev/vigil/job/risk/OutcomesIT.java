package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.Events;
import dev.vigil.job.config.JobConfig;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.DeadLetterReason;
import dev.vigil.schema.EnforcementOutcome;
import dev.vigil.schema.OutcomeKind;
import dev.vigil.schema.OutcomeSignatures;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateways' outcomes through the session risk job on a real broker and a MiniCluster: three
 * bots' sessions are stepped up (their request nonces replayed: evidence of one kind, so a step-up
 * rather than a kill); once the step-ups are on the command topic, the gateway reports a failed
 * step-up for one, a passkey pass for another (both signed with its key) and an unsigned failure
 * for the third. The job kills the first, lowers the second's probability, both in the audit trail,
 * and dead-letters the unsigned outcome, which changes nothing.
 */
class OutcomesIT extends RiskJobITSupport {
  static final byte[] GATEWAY_KEY =
      "an-it-gateway-outcome-key-32byte".getBytes(StandardCharsets.UTF_8);
  static final long T = Events.T0;

  static final String PREFIX = "outcomes-it";
  static final String OUTCOMES = PREFIX + ".enforcement-outcomes";

  /** One run of the job for the three tests: until all three outcomes have been dealt with. */
  @BeforeAll
  static void run() throws Exception {
    String prefix = PREFIX;
    String outcomesTopic = OUTCOMES;
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      admin
          .createTopics(List.of(new NewTopic(outcomesTopic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      dev.vigil.kafka.TopicAdmin.awaitLeaders(admin, List.of(outcomesTopic));
    }
    Path gatewayKeys =
        privateFile("gateway-keys", "gw1:" + Base64.getEncoder().encodeToString(GATEWAY_KEY));
    JobConfig cfg =
        config(
            prefix,
            "topics.enforcement-outcomes=" + outcomesTopic,
            "outcomes.enabled=true",
            "outcomes.keys-file=" + gatewayKeys,
            "risk.audit-min-probability-change=0");
    List<Outgoing> events = new ArrayList<>();
    for (String account : List.of("acct-failed", "acct-passed", "acct-unsigned")) {
      for (int i = 0; i < 20; i++) {
        events.add(avro(bot(account, T + i * 1_000, 1000 + i)));
      }
      events.add(avro(bot(account, T + 21_000, 1005)));
      events.add(avro(bot(account, T + 22_000, 1006)));
    }
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), prefix + ".access-events", events);

    AtomicBoolean reported = new AtomicBoolean();
    runUntil(
        cfg,
        () -> {
          if (!reported.get()) {
            // The gateway answers once it has the step-ups (outcomes of sessions Vigil does not
            // hold yet would change nothing).
            if (stepUps(prefix) < 3) {
              return false;
            }
            report(outcomesTopic);
            reported.set(true);
          }
          return outcomeRecord(prefix, "failed").isPresent()
              && outcomeRecord(prefix, "passed").isPresent()
              && kill(prefix, "acct-failed").isPresent()
              && !outcomeDeadLetters(prefix, outcomesTopic).isEmpty();
        },
        () -> outputs(prefix));
  }

  @Test
  void aFailedStepUpLeadsToAKillVisibleInTheAuditTrail() {
    String prefix = PREFIX;
    RiskDecision failed = outcomeRecord(prefix, "failed").orElseThrow();
    assertThat(failed.getEvidence().get(0).getCode()).isEqualTo("step_up_failed");
    assertThat(failed.getProbability()).isGreaterThan(failed.getPreviousProbability());
    SessionCommand kill = kill(prefix, "acct-failed").orElseThrow();
    assertThat(kill.getCommandId()).isEqualTo("gw1:session-acct-failed:STEP_UP_FAILED:kill");
    assertThat(failed.getCommandIds()).containsExactly(kill.getCommandId());
  }

  @Test
  void aPassedStepUpLowersTheSessionsProbabilityInTheAuditTrail() {
    String prefix = PREFIX;
    RiskDecision passed = outcomeRecord(prefix, "passed").orElseThrow();
    assertThat(passed.getEvidence().get(0).getCode()).isEqualTo("step_up_passed");
    assertThat(passed.getEvidence().get(0).getLogLikelihoodRatio()).isEqualTo(Math.log(0.02));
    assertThat(passed.getProbability()).isLessThan(passed.getPreviousProbability());
    assertThat(kill(prefix, "acct-passed")).isEmpty();
  }

  @Test
  void anUnsignedOutcomeIsDeadLetteredAndHasNoEffect() {
    String prefix = PREFIX;
    DeadLetter unsigned = outcomeDeadLetters(prefix, OUTCOMES).get(0);
    assertThat(unsigned.getReason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
    assertThat(unsigned.getField()).isEqualTo("signature");
    assertThat(outcomeRecord(prefix, "unsigned")).as("no effect, no record").isEmpty();
    assertThat(kill(prefix, "acct-unsigned")).isEmpty();
    assertThat(decisions(prefix))
        .as("the unsigned session's last record is still its step-up's")
        .filteredOn(d -> d.getAccountId().equals("acct-unsigned"))
        .last()
        .satisfies(d -> assertThat(d.getDecisionId()).doesNotContain("outcome"));
  }

  static AccessEvent bot(String account, long t, int nonce) {
    return Events.owner("session-" + account, t)
        .setEventId(account + "-" + t)
        .setAccountId(account)
        .setAuthMethod(AuthMethod.HMAC)
        .setApiKeyId("key-" + account)
        .setUserAgent("ccxt/4.2")
        .setSourceIp("52.1.2.3")
        .setAsNumber(16509L)
        .setCountry("US")
        .setLatitude(39.0)
        .setLongitude(-77.5)
        .setNonce(Integer.toString(nonce))
        .setClientTimestamp(t - 50)
        .build();
  }

  static long stepUps(String prefix) {
    return commands(prefix).stream().filter(c -> c.getAction() == CommandAction.STEP_UP).count();
  }

  /** The unsigned failure first: the signed ones after it in the same partition. */
  static void report(String topic) throws Exception {
    List<Outgoing> out = new ArrayList<>();
    out.add(outcome("acct-unsigned", OutcomeKind.STEP_UP_FAILED, "totp", false));
    out.add(outcome("acct-failed", OutcomeKind.STEP_UP_FAILED, "totp", true));
    out.add(outcome("acct-passed", OutcomeKind.STEP_UP_PASSED, "passkey", true));
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), topic, out);
  }

  static Outgoing outcome(String account, OutcomeKind kind, String factor, boolean sign)
      throws Exception {
    String session = "session-" + account;
    EnforcementOutcome o =
        EnforcementOutcome.newBuilder()
            .setOutcomeId("gw1:" + session + ":" + kind)
            .setSessionId(session)
            .setAccountId(account)
            .setCommandId(account + "-" + (T + 21_000) + ":step_up")
            .setAction(CommandAction.STEP_UP)
            .setKind(kind)
            .setFactor(factor)
            .setTime(T + 40_000)
            .setGatewayId("gw-it")
            .build();
    if (sign) {
      OutcomeSignatures.signHmac(o, "gw1", GATEWAY_KEY);
    }
    return new Outgoing(bytes(o.toByteBuffer()), System.currentTimeMillis());
  }

  /** The audit record of the outcome reported for account {@code "acct-" + which}. */
  static Optional<RiskDecision> outcomeRecord(String prefix, String which) {
    return decisions(prefix).stream()
        .filter(d -> d.getAccountId().equals("acct-" + which))
        .filter(d -> d.getDecisionId().endsWith(":outcome"))
        .findFirst();
  }

  static Optional<SessionCommand> kill(String prefix, String account) {
    return commands(prefix).stream()
        .filter(c -> c.getAccountId().equals(account) && c.getAction() == CommandAction.KILL)
        .findFirst();
  }

  static List<DeadLetter> outcomeDeadLetters(String prefix, String topic) {
    return deadLetters(prefix).stream().filter(d -> topic.equals(d.getSourceTopic())).toList();
  }
}
