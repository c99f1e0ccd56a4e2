package dev.vigil.enforcer;

import static dev.vigil.enforcer.TestCommands.T;
import static dev.vigil.enforcer.TestCommands.enforcer;
import static dev.vigil.enforcer.TestCommands.outcomes;
import static dev.vigil.enforcer.TestCommands.rate;
import static dev.vigil.enforcer.TestCommands.signed;
import static dev.vigil.enforcer.TestCommands.stepUp;
import static dev.vigil.enforcer.TestCommands.timeout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandKeyRing;
import dev.vigil.schema.CommandParameters;
import dev.vigil.schema.EnforcementOutcome;
import dev.vigil.schema.HoldScope;
import dev.vigil.schema.OutcomeKind;
import dev.vigil.schema.OutcomeSignatures;
import dev.vigil.schema.RejectionReason;
import dev.vigil.schema.SessionCommand;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference enforcer on signed commands: what it applies, rejects, and answers to requests. */
class ReferenceEnforcerTest {
  private final List<EnforcementOutcome> out = outcomes();
  private final ReferenceEnforcer enforcer = enforcer(out);

  @Test
  void forgedAlteredExpiredReplayedAndStaleCommandsAreRejectedWithTheirReason() {
    SessionCommand good = signed("s1", "e1:set_timeout", CommandAction.SET_TIMEOUT, 16, null);
    assertThat(enforcer.accept(good, T).applied()).isTrue();
    assertThat(enforcer.accept(good, T + 1).rejection()).isEqualTo(RejectionReason.REPLAYED);

    SessionCommand altered = signed("s1", "e2:kill", CommandAction.KILL, 24, null);
    altered.setSessionId("s2");
    assertThat(enforcer.accept(altered, T).rejection()).isEqualTo(RejectionReason.BAD_SIGNATURE);

    SessionCommand forged = signed("s3", "e3:kill", CommandAction.KILL, 8, null);
    forged.getSignature().setValue(ByteBuffer.wrap(new byte[32]));
    assertThat(enforcer.accept(forged, T).rejection()).isEqualTo(RejectionReason.BAD_SIGNATURE);

    SessionCommand expired = signed("s4", "e4:kill", CommandAction.KILL, 8, null);
    assertThat(enforcer.accept(expired, T + 400_000).rejection())
        .isEqualTo(RejectionReason.EXPIRED);

    SessionCommand stale = signed("s1", "e0:set_timeout", CommandAction.SET_TIMEOUT, 8, null);
    assertThat(enforcer.accept(stale, T).rejection()).isEqualTo(RejectionReason.STALE);

    assertThat(enforcer.check("s2", T, RequestKind.ORDINARY)).isEqualTo(Decision.ALLOW);
    assertThat(enforcer.check("s3", T, RequestKind.ORDINARY)).isEqualTo(Decision.ALLOW);
    assertThat(out)
        .filteredOn(o -> o.getKind() == OutcomeKind.REJECTED)
        .extracting(EnforcementOutcome::getRejection)
        .containsExactly(
            RejectionReason.REPLAYED,
            RejectionReason.BAD_SIGNATURE,
            RejectionReason.BAD_SIGNATURE,
            RejectionReason.EXPIRED,
            RejectionReason.STALE);
    assertThat(enforcer.stats().rejections())
        .containsEntry(RejectionReason.BAD_SIGNATURE, 2L)
        .containsEntry(RejectionReason.EXPIRED, 1L);
  }

  @Test
  void everyOutcomeIsSignedByTheGatewayKeyAndNamesTheGateway() {
    enforcer.accept(signed("s1", "e1:kill", CommandAction.KILL, 8, null), T);
    CommandKeyRing gatewayRing =
        CommandKeyRing.parse(
            "gw1:"
                + java.util.Base64.getEncoder()
                    .encodeToString("gateway-KEY-for-tests-0123456789".getBytes()));
    assertThat(out)
        .extracting(EnforcementOutcome::getKind)
        .containsExactly(OutcomeKind.APPLIED, OutcomeKind.SESSION_ENDED);
    assertThat(out)
        .allMatch(o -> OutcomeSignatures.verify(o, gatewayRing))
        .allMatch(o -> o.getGatewayId().equals("gw-test"))
        .allMatch(o -> o.getAccountId().equals("acct-s1"));
    assertThat(out.get(0).getOutcomeId()).isEqualTo("gw-test:e1:kill:APPLIED");
  }

  @Test
  void aStepUpWithARateLimitAndATimeoutFromOneEventChallengesFirstAndThrottlesOnceLifted() {
    enforcer.accept(signed("s1", "e1:step_up", CommandAction.STEP_UP, 80, stepUp(120)), T);
    enforcer.accept(
        signed("s1", "e1:set_rate_limit", CommandAction.SET_RATE_LIMIT, 81, rate(1.0, 3)), T);
    enforcer.accept(
        signed("s1", "e1:set_timeout", CommandAction.SET_TIMEOUT, 82, timeout(3_600, 600)), T);

    assertThat(enforcer.check("s1", T + 10, RequestKind.ORDINARY)).isEqualTo(Decision.CHALLENGE);
    assertThat(enforcer.check("s1", T + 20, RequestKind.STEP_UP_EXCHANGE))
        .as("the step-up exchange passes, and spends one of the 3 tokens")
        .isEqualTo(Decision.ALLOW);
    assertThat(enforcer.reportStepUp("s1", StepUpResult.PASSED, "totp", T + 30)).isTrue();
    assertThat(enforcer.check("s1", T + 40, RequestKind.ORDINARY)).isEqualTo(Decision.ALLOW);
    assertThat(enforcer.check("s1", T + 41, RequestKind.ORDINARY)).isEqualTo(Decision.ALLOW);
    assertThat(enforcer.check("s1", T + 42, RequestKind.ORDINARY)).isEqualTo(Decision.THROTTLE);
    assertThat(enforcer.check("s1", T + 1_100, RequestKind.ORDINARY))
        .as("one token back after a second at 1 request/s")
        .isEqualTo(Decision.ALLOW);
    assertThat(enforcer.check("s1", T + 1_100 + 601_000, RequestKind.ORDINARY))
        .as("idle longer than the commanded 600 s")
        .isEqualTo(Decision.DENY);
    assertThat(out)
        .extracting(EnforcementOutcome::getKind)
        .containsSubsequence(OutcomeKind.STEP_UP_PASSED, OutcomeKind.SESSION_ENDED);
    assertThat(enforcer.stats().sessionsChallenged()).isEqualTo(1);
    assertThat(enforcer.stats().sessionsThrottled()).isEqualTo(1);
  }

  @Test
  void theTightestLimitWinsAndALaterRateLimitSupersedesAnEarlierOne() {
    EnforcerSettings strict =
        new EnforcerSettings("gw", 1_000, java.time.Duration.ofHours(25), 100, 1, 86_400, 86_400);
    ReferenceEnforcer gw = enforcer(out, strict);
    gw.accept(
        signed("s1", "e1:set_rate_limit", CommandAction.SET_RATE_LIMIT, 9, rate(0.001, 50)), T);
    assertThat(gw.check("s1", T, RequestKind.ORDINARY)).isEqualTo(Decision.ALLOW);
    assertThat(gw.check("s1", T + 1, RequestKind.ORDINARY))
        .as("the gateway's own burst of 1 is tighter than the command's 50")
        .isEqualTo(Decision.THROTTLE);
    gw.accept(
        signed("s1", "e2:set_rate_limit", CommandAction.SET_RATE_LIMIT, 17, rate(1_000, 5)), T + 2);
    assertThat(gw.check("s1", T + 12, RequestKind.ORDINARY))
        .as("the later, looser command is in force, cut to the gateway's 100/s")
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void aKillDeniesEveryLaterRequestAndIgnoresLaterCommandsButAHoldStillApplies() {
    enforcer.accept(signed("s1", "e1:kill", CommandAction.KILL, 8, null), T);
    assertThat(enforcer.check("s1", T + 1, RequestKind.LOGOUT)).isEqualTo(Decision.DENY);
    ReferenceEnforcer.CommandResult later =
        enforcer.accept(signed("s1", "e2:set_timeout", CommandAction.SET_TIMEOUT, 16, null), T);
    assertThat(later.rejection()).isEqualTo(RejectionReason.OTHER);
    CommandParameters hold =
        CommandParameters.newBuilder().setHoldSeconds(60L).setHoldScope(HoldScope.ALL).build();
    assertThat(
            enforcer
                .accept(signed("s1", "e2:hold", CommandAction.HOLD_WITHDRAWALS, 17, hold), T)
                .applied())
        .isTrue();
    assertThat(enforcer.stats().sessionsKilled()).isEqualTo(1);
  }

  @Test
  void aHoldOnAddedAddressesDeniesOnlyWithdrawalsToThemUntilItLapses() {
    CommandParameters hold =
        CommandParameters.newBuilder()
            .setHoldSeconds(60L)
            .setHoldScope(HoldScope.ADDRESSES_ADDED_IN_SESSION)
            .build();
    enforcer.accept(signed("s1", "e1:hold", CommandAction.HOLD_WITHDRAWALS, 8, hold), T);
    assertThat(enforcer.check("s1", T + 1, RequestKind.WITHDRAWAL)).isEqualTo(Decision.ALLOW);
    assertThat(enforcer.check("s1", T + 2, RequestKind.WITHDRAWAL_TO_ADDRESS_ADDED_IN_SESSION))
        .isEqualTo(Decision.DENY);
    assertThat(enforcer.check("s1", T + 3, RequestKind.ORDINARY)).isEqualTo(Decision.ALLOW);
    assertThat(enforcer.check("s1", T + 61_000, RequestKind.WITHDRAWAL_TO_ADDRESS_ADDED_IN_SESSION))
        .isEqualTo(Decision.ALLOW);
    assertThat(enforcer.stats().sessionsHeld()).isEqualTo(1);
  }

  @Test
  void anUnansweredStepUpIsAbandonedAfterItsTimeoutAndEndsTheSession() {
    enforcer.accept(signed("s1", "e1:step_up", CommandAction.STEP_UP, 8, stepUp(60)), T);
    assertThat(enforcer.check("s1", T + 1_000, RequestKind.ORDINARY)).isEqualTo(Decision.CHALLENGE);
    assertThat(enforcer.check("s1", T + 61_000, RequestKind.ORDINARY))
        .isEqualTo(Decision.CHALLENGE);
    assertThat(enforcer.check("s1", T + 61_001, RequestKind.ORDINARY)).isEqualTo(Decision.DENY);
    assertThat(enforcer.check("s1", T + 61_002, RequestKind.STEP_UP_EXCHANGE))
        .isEqualTo(Decision.DENY);
    assertThat(out)
        .extracting(EnforcementOutcome::getKind)
        .endsWith(OutcomeKind.STEP_UP_ABANDONED, OutcomeKind.SESSION_ENDED);
    assertThat(out.get(out.size() - 2).getCommandId()).isEqualTo("e1:step_up");
    assertThat(enforcer.stats().stepUpsAbandoned()).isEqualTo(1);
  }

  @Test
  void aPassWithAFactorTheStepUpDoesNotAcceptLeavesItPendingAndAFailureEndsTheSession() {
    enforcer.accept(
        signed("s1", "e1:step_up", CommandAction.STEP_UP, 8, stepUp(300, "passkey")), T);
    assertThat(enforcer.reportStepUp("s1", StepUpResult.PASSED, "sms", T + 1)).isFalse();
    assertThat(enforcer.check("s1", T + 2, RequestKind.ORDINARY)).isEqualTo(Decision.CHALLENGE);
    assertThat(enforcer.reportStepUp("s1", StepUpResult.FAILED, "passkey", T + 3)).isTrue();
    assertThat(enforcer.check("s1", T + 4, RequestKind.ORDINARY)).isEqualTo(Decision.DENY);
    assertThat(out)
        .extracting(EnforcementOutcome::getKind)
        .endsWith(OutcomeKind.STEP_UP_FAILED, OutcomeKind.SESSION_ENDED);
    assertThat(out.get(out.size() - 2).getFactor()).isEqualTo("passkey");
  }

  @Test
  void aSessionWithoutCommandsIsAllowedAndLeavesNothingInTheCache() {
    assertThat(enforcer.check("unknown", T, RequestKind.WITHDRAWAL)).isEqualTo(Decision.ALLOW);
    assertThat(enforcer.check("unknown", new Request(T, RequestKind.ORDINARY)))
        .isEqualTo(Decision.ALLOW);
    assertThat(enforcer.sessions()).isZero();
  }
}
