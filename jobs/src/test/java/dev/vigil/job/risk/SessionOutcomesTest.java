package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.Events;
import dev.vigil.core.policy.EnforcementLevel;
import dev.vigil.core.profile.SessionState;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.EnforcementOutcome;
import dev.vigil.schema.OutcomeKind;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import java.util.List;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The session risk operator's handling of the gateways' outcomes on Flink's keyed broadcast test
 * harness: what each outcome does to the session, its commands and audit records, and that an ended
 * session's state and timers are gone.
 */
class SessionOutcomesTest {
  static final String STOLEN = "stolen";

  final SessionRiskFunction fn =
      new SessionRiskFunction(
          RiskHarness.settings().withAuditMinProbabilityChange(0),
          SessionRiskFunctionTest.defaultModelJson());

  SessionOutcomesTest() throws Exception {}

  /**
   * A bot's session whose request nonces are replayed twice: the probability passes the kill
   * threshold on evidence of one kind (protocol), so the session is stepped up, not killed ({@code
   * SessionRiskEngineTest}). Returns the time after it.
   */
  static long stepUp(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h, long t)
      throws Exception {
    for (int i = 0; i < 20; i++) {
      RiskHarness.process(h, bot(t + i * 1_000, 1000 + i));
    }
    RiskHarness.process(h, bot(t + 21_000, 1005));
    RiskHarness.process(h, bot(t + 22_000, 1006));
    assertThat(actions(h))
        .as("the session is stepped up")
        .contains(CommandAction.STEP_UP)
        .doesNotContain(CommandAction.KILL);
    return t + 30_000;
  }

  static AccessEvent bot(long t, int nonce) {
    return Events.owner(STOLEN, t)
        .setAuthMethod(AuthMethod.HMAC)
        .setApiKeyId("key-1")
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

  static List<CommandAction> actions(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h) {
    return h.extractOutputValues().stream()
        .filter(c -> c.getSessionId().equals(STOLEN))
        .map(SessionCommand::getAction)
        .toList();
  }

  static EnforcementOutcome outcome(String id, OutcomeKind kind, String factor, long t) {
    return EnforcementOutcome.newBuilder()
        .setOutcomeId(id)
        .setSessionId(STOLEN)
        .setAccountId("acct-1")
        .setCommandId(kind == OutcomeKind.SESSION_ENDED ? null : "cmd:step_up")
        .setAction(kind == OutcomeKind.SESSION_ENDED ? null : CommandAction.STEP_UP)
        .setKind(kind)
        .setFactor(factor)
        .setTime(t)
        .setGatewayId("gw-1")
        .build();
  }

  static void send(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h,
      EnforcementOutcome o)
      throws Exception {
    h.processElement(RiskInput.ofOutcome(o), o.getTime());
  }

  static List<RiskDecision> outcomeRecords(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h) {
    return h.getSideOutput(SessionRiskFunction.DECISIONS).stream()
        .map(r -> r.getValue())
        .filter(d -> d.getDecisionId().endsWith(":outcome"))
        .toList();
  }

  SessionState session(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h, long t)
      throws Exception {
    h.getOperator().setCurrentKey("acct-1");
    return fn.sessionStore().knownSession(false, STOLEN, t);
  }

  @Test
  void aFailedStepUpKillsTheSessionAndTheAuditTrailSaysWhy() throws Exception {
    try (var h = RiskHarness.harness(fn)) {
      h.open();
      long t = stepUp(h, Events.T0);
      send(h, outcome("o-failed", OutcomeKind.STEP_UP_FAILED, "totp", t));
      assertThat(actions(h)).endsWith(CommandAction.KILL).containsOnlyOnce(CommandAction.KILL);
      SessionCommand kill = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
      assertThat(kill.getCommandId()).isEqualTo("o-failed:kill");
      assertThat(kill.getTriggerEventId()).isEqualTo("o-failed");
      RiskDecision d = outcomeRecords(h).get(0);
      assertThat(d.getEvidence()).extracting(r -> r.getCode()).containsExactly("step_up_failed");
      assertThat(d.getEvidence().get(0).getLogLikelihoodRatio()).isEqualTo(Math.log(200));
      assertThat(d.getProbability()).isGreaterThan(d.getPreviousProbability()).isGreaterThan(0.95);
      assertThat(d.getCommandIds()).containsExactly("o-failed:kill");
      assertThat(session(h, t).level).isEqualTo((byte) EnforcementLevel.KILLED.ordinal());
    }
  }

  @Test
  void aPasskeyPassLowersTheProbabilityAndAReSentPassDoesNothingMore() throws Exception {
    try (var h = RiskHarness.harness(fn)) {
      h.open();
      long t = stepUp(h, Events.T0);
      double before = session(h, t).logOdds;
      EnforcementOutcome passed = outcome("o-passed", OutcomeKind.STEP_UP_PASSED, "passkey", t);
      send(h, passed);
      assertThat(session(h, t).logOdds - before)
          .isCloseTo(Math.log(0.02), org.assertj.core.api.Assertions.within(1e-6));
      send(h, passed);
      assertThat(session(h, t).logOdds - before)
          .isCloseTo(Math.log(0.02), org.assertj.core.api.Assertions.within(1e-6));
      List<RiskDecision> records = outcomeRecords(h);
      assertThat(records).as("one record, not two").hasSize(1);
      assertThat(records.get(0).getEvidence().get(0).getCode()).isEqualTo("step_up_passed");
      assertThat(records.get(0).getProbability())
          .isLessThan(records.get(0).getPreviousProbability());
      assertThat(actions(h)).doesNotContain(CommandAction.KILL);
    }
  }

  @Test
  void anEndedSessionLosesItsStateAndItsTimersAndItsAccountKeepsItsProfile() throws Exception {
    try (var h = RiskHarness.harness(fn)) {
      h.open();
      long t = stepUp(h, Events.T0);
      h.getOperator().setCurrentKey("acct-1");
      assertThat(fn.sessionStore().size().sessions()).isEqualTo(1);
      send(h, outcome("o-ended", OutcomeKind.SESSION_ENDED, null, t + 1_000));
      assertThat(session(h, t + 1_000)).isNull();
      h.getOperator().setCurrentKey("acct-1");
      assertThat(fn.sessionStore().size().sessions()).as("gone at once").isZero();
      assertThat(outcomeRecords(h))
          .extracting(d -> d.getEvidence().get(0).getCode())
          .containsExactly("session_ended_by_gateway");
      // The cleanup timers that were set fire once more, find nothing and set no other.
      RiskHarness.watermark(h, t + 2 * RiskHarness.DAY);
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(RiskHarness.keysWithState(h, "sessions")).isZero();
      assertThat(RiskHarness.keysWithState(h, "session-ring")).isZero();
      assertThat(RiskHarness.keysWithState(h, "account-profile")).isEqualTo(1);
      // An outcome for the ended session changes nothing; it is recorded all the same.
      send(h, outcome("o-late", OutcomeKind.STEP_UP_FAILED, "sms", t + 2_000));
      assertThat(RiskHarness.keysWithState(h, "sessions")).isZero();
      assertThat(outcomeRecords(h).get(1).getEvidence().get(0).getText()).contains("no effect");
      assertThat(actions(h)).doesNotContain(CommandAction.KILL);
    }
  }

  @Test
  void anAppliedKillEndsTheSessionsState() throws Exception {
    try (var h = RiskHarness.harness(fn)) {
      h.open();
      long t = RiskHarness.killStolen(h, RiskHarness.trainOwner(h) + RiskHarness.DAY);
      assertThat(session(h, t)).isNotNull();
      EnforcementOutcome applied = outcome("o-kill-applied", OutcomeKind.APPLIED, null, t + 500);
      applied.setAction(CommandAction.KILL);
      send(h, applied);
      assertThat(session(h, t + 500)).isNull();
      assertThat(outcomeRecords(h))
          .extracting(d -> d.getEvidence().get(0).getCode())
          .containsExactly("kill_applied");
    }
  }
}
