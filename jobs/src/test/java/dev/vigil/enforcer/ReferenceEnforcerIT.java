package dev.vigil.enforcer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandAuthenticator;
import dev.vigil.schema.CommandKeyRing;
import dev.vigil.schema.CommandParameters;
import dev.vigil.schema.CommandVerifier;
import dev.vigil.schema.EnforcementOutcome;
import dev.vigil.schema.OutcomeKind;
import dev.vigil.schema.OutcomeSignatures;
import dev.vigil.schema.RejectionReason;
import dev.vigil.schema.SessionCommand;
import dev.vigil.testing.KafkaExtension;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reference enforcer against a real broker: commands in on a commands topic, signed outcomes
 * out on an outcomes topic keyed by account id.
 */
class ReferenceEnforcerIT {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final CommandAuthenticator VIGIL =
      CommandAuthenticator.parse(
          "k1:"
              + Base64.getEncoder().encodeToString("an-it-command-key-of-32-bytes-ok".getBytes()));
  private static final String GATEWAY_RING =
      "gw1:" + Base64.getEncoder().encodeToString("gateway-KEY-for-its-0123456789ab".getBytes());
  private static final long NOW = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli();

  private static SessionCommand.Builder command(
      String session, String id, CommandAction action, long sequence, CommandParameters p) {
    return SessionCommand.newBuilder()
        .setCommandId(id)
        .setSessionId(session)
        .setAccountId("acct-" + session)
        .setAction(action)
        .setParameters(p == null ? CommandParameters.newBuilder().build() : p)
        .setIssuedAt(NOW - 1_000)
        .setExpiresAt(NOW + 299_000)
        .setProbability(0.97)
        .setModelVersion("it")
        .setTriggerEventId(id.substring(0, id.indexOf(':')))
        .setEventTime(NOW - 2_000)
        .setSequence(sequence);
  }

  private static SessionCommand signed(SessionCommand.Builder b) {
    return VIGIL.sign(b.build());
  }

  /** Sends {@code commands}, runs an enforcer over the topic to its end, returns the outcomes. */
  private static Run enforce(String prefix, List<SessionCommand> commands) throws Exception {
    String in = prefix + ".session-commands";
    String out = prefix + ".enforcement-outcomes";
    KafkaTestSupport.createTopic(KAFKA.clientProperties(), in, 1);
    KafkaTestSupport.createTopic(KAFKA.clientProperties(), out, 2);
    List<Outgoing> records = new ArrayList<>();
    for (SessionCommand c : commands) {
      ByteBuffer b = c.toByteBuffer();
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      records.add(new Outgoing(bytes, NOW));
    }
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), in, records);
    Map<String, ReferenceEnforcer.CommandResult> results = new LinkedHashMap<>();
    KafkaOutcomeSink sink = new KafkaOutcomeSink(KAFKA.clientProperties(), out);
    ReferenceEnforcer enforcer =
        new ReferenceEnforcer(
            EnforcerSettings.defaults("gw-it"),
            new CommandVerifier(VIGIL.ring()),
            GatewayKey.parse(GATEWAY_RING, "test"),
            sink);
    try (CommandFeed feed =
        new CommandFeed(
            KAFKA.clientProperties(),
            in,
            CommandFeed.Start.BEGINNING,
            enforcer,
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
            (c, r) -> results.merge(c.getCommandId(), r, (a, b) -> b))) {
      feed.run(true);
    }
    sink.flush();
    return new Run(enforcer, sink, out, results);
  }

  /** An enforcer after reading its topic, its open sink and what it published. */
  private record Run(
      ReferenceEnforcer enforcer,
      KafkaOutcomeSink sink,
      String topic,
      Map<String, ReferenceEnforcer.CommandResult> results)
      implements AutoCloseable {
    /** The outcomes published so far, checking each is keyed by its account id. */
    List<EnforcementOutcome> outcomes() throws Exception {
      sink.flush();
      List<EnforcementOutcome> outcomes = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r :
          KafkaTestSupport.readAll(KAFKA.clientProperties(), topic)) {
        EnforcementOutcome o = EnforcementOutcome.getDecoder().decode(r.value());
        assertThat(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8))
            .isEqualTo(o.getAccountId());
        outcomes.add(o);
      }
      return outcomes;
    }

    List<EnforcementOutcome> about(String session) throws Exception {
      return outcomes().stream().filter(o -> o.getSessionId().equals(session)).toList();
    }

    @Override
    public void close() {
      sink.close();
    }
  }

  @Test
  void forgedAlteredExpiredAndReplayedCommandsAreRejectedAndReportedWithTheirReason()
      throws Exception {
    SessionCommand forged = command("forged", "e1:kill", CommandAction.KILL, 8, null).build();
    forged.setSignature(
        signed(command("x", "e1:kill", CommandAction.KILL, 8, null)).getSignature());
    SessionCommand altered = signed(command("altered", "e2:kill", CommandAction.KILL, 8, null));
    altered.setAccountId("acct-someone-else");
    SessionCommand expired =
        signed(
            command("expired", "e3:kill", CommandAction.KILL, 8, null)
                .setIssuedAt(NOW - 400_000)
                .setExpiresAt(NOW - 100_000));
    SessionCommand original = signed(command("replayed", "e4:kill", CommandAction.KILL, 8, null));

    try (Run run = enforce("rej", List.of(forged, altered, expired, original, original))) {
      rejectedAndReported(run);
    }
  }

  private static void rejectedAndReported(Run run) throws Exception {

    assertThat(run.about("forged"))
        .singleElement()
        .satisfies(o -> assertThat(o.getRejection()).isEqualTo(RejectionReason.BAD_SIGNATURE));
    assertThat(run.about("altered"))
        .singleElement()
        .satisfies(o -> assertThat(o.getRejection()).isEqualTo(RejectionReason.BAD_SIGNATURE));
    assertThat(run.about("expired"))
        .singleElement()
        .satisfies(o -> assertThat(o.getRejection()).isEqualTo(RejectionReason.EXPIRED));
    assertThat(run.about("replayed"))
        .extracting(EnforcementOutcome::getKind, EnforcementOutcome::getRejection)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(OutcomeKind.APPLIED, null),
            org.assertj.core.groups.Tuple.tuple(OutcomeKind.SESSION_ENDED, null),
            org.assertj.core.groups.Tuple.tuple(OutcomeKind.REJECTED, RejectionReason.REPLAYED));
    CommandKeyRing gateway = CommandKeyRing.parse(GATEWAY_RING);
    assertThat(run.outcomes())
        .hasSize(6)
        .allMatch(o -> OutcomeSignatures.verify(o, gateway))
        .allMatch(o -> o.getGatewayId().equals("gw-it"));
    for (String rejected : List.of("forged", "altered", "expired")) {
      assertThat(run.enforcer().check(rejected, NOW, RequestKind.ORDINARY))
          .as(rejected + " was not applied")
          .isEqualTo(Decision.ALLOW);
    }
    assertThat(run.enforcer().check("replayed", NOW, RequestKind.ORDINARY))
        .isEqualTo(Decision.DENY);
  }

  @Test
  void theStepUpTimeoutAndRateLimitOfOneEventResolveByThePrecedenceStepUpFirst() throws Exception {
    // What the job issues for one event (sequence 8 x events + the action's index): a step-up
    // with a tighter rate and timeout, published in an order other than the precedence.
    CommandParameters limit =
        CommandParameters.newBuilder().setRequestsPerSecond(1.0).setBurst(2).build();
    CommandParameters timeout =
        CommandParameters.newBuilder()
            .setAbsoluteTimeoutSeconds(3_600L)
            .setIdleTimeoutSeconds(120L)
            .build();
    CommandParameters stepUp =
        CommandParameters.newBuilder()
            .setAcceptedFactors(List.of("passkey", "email_link"))
            .setStepUpTimeoutSeconds(300L)
            .build();
    List<SessionCommand> oneEvent =
        List.of(
            signed(command("s", "e9:set_timeout", CommandAction.SET_TIMEOUT, 74, timeout)),
            signed(command("s", "e9:set_rate_limit", CommandAction.SET_RATE_LIMIT, 73, limit)),
            signed(command("s", "e9:step_up", CommandAction.STEP_UP, 72, stepUp)));

    try (Run run = enforce("prec", oneEvent)) {
      resolvedByPrecedence(run);
    }
  }

  private static void resolvedByPrecedence(Run run) throws Exception {
    ReferenceEnforcer gw = run.enforcer();

    assertThat(run.results().values()).allMatch(ReferenceEnforcer.CommandResult::applied);
    assertThat(run.about("s"))
        .extracting(EnforcementOutcome::getKind)
        .containsExactly(OutcomeKind.APPLIED, OutcomeKind.APPLIED, OutcomeKind.APPLIED);
    // STEP_UP over SET_RATE_LIMIT: every request but the step-up itself is challenged, however
    // many tokens the bucket holds.
    for (int i = 0; i < 5; i++) {
      assertThat(gw.check("s", NOW + i, RequestKind.ORDINARY)).isEqualTo(Decision.CHALLENGE);
    }
    assertThat(gw.check("s", NOW + 10, RequestKind.STEP_UP_EXCHANGE)).isEqualTo(Decision.ALLOW);
    assertThat(gw.reportStepUp("s", StepUpResult.PASSED, "totp", NOW + 20))
        .as("totp is not among the accepted factors")
        .isFalse();
    assertThat(gw.reportStepUp("s", StepUpResult.PASSED, "passkey", NOW + 20)).isTrue();
    // Then the rate limit on what the step-up lets through (one token left of the burst of 2)...
    assertThat(gw.check("s", NOW + 30, RequestKind.ORDINARY)).isEqualTo(Decision.ALLOW);
    assertThat(gw.check("s", NOW + 31, RequestKind.ORDINARY)).isEqualTo(Decision.THROTTLE);
    // ...and the idle timeout of 120 s: the session ends.
    assertThat(gw.check("s", NOW + 31 + 121_000, RequestKind.ORDINARY)).isEqualTo(Decision.DENY);
    assertThat(gw.stats().sessionsChallenged()).isEqualTo(1);
    assertThat(gw.stats().sessionsThrottled()).isEqualTo(1);
    assertThat(gw.stats().sessionsEnded()).isEqualTo(1);
    assertThat(run.about("s"))
        .extracting(EnforcementOutcome::getKind)
        .containsExactly(
            OutcomeKind.APPLIED,
            OutcomeKind.APPLIED,
            OutcomeKind.APPLIED,
            OutcomeKind.STEP_UP_PASSED,
            OutcomeKind.SESSION_ENDED);
  }
}
