package dev.vigil.enforcer;

import static dev.vigil.enforcer.TestCommands.SIGNER;
import static dev.vigil.enforcer.TestCommands.T;
import static dev.vigil.enforcer.TestCommands.enforcer;
import static dev.vigil.enforcer.TestCommands.outcomes;
import static dev.vigil.enforcer.TestCommands.signed;
import static dev.vigil.enforcer.TestCommands.unsigned;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandParameters;
import dev.vigil.schema.CommandTarget;
import dev.vigil.schema.EnforcementOutcome;
import dev.vigil.schema.HoldScope;
import dev.vigil.schema.OutcomeKind;
import dev.vigil.schema.RejectionReason;
import dev.vigil.schema.SessionCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Account commands (target ACCOUNT) on the reference enforcer: a log-out-everywhere reaches every
 * session of the account it holds, the account hold denies withdrawals until an analyst lifts it,
 * revoked keys and a required re-verification are kept for the gateway, and a session-level
 * reader's rules are not disturbed.
 */
class AccountEnforcementTest {
  private final List<EnforcementOutcome> out = outcomes();
  private final ReferenceEnforcer enforcer = enforcer(out);

  /** A signed account command of account "acct-a", triggered by session "s1". */
  private static SessionCommand account(String id, CommandAction action, long seq, long issuedAt) {
    CommandParameters.Builder p = CommandParameters.newBuilder();
    if (action == CommandAction.HOLD_WITHDRAWALS) {
      p.setHoldSeconds(604_800L).setHoldScope(HoldScope.ALL);
    } else if (action == CommandAction.REVOKE_API_KEY) {
      p.setApiKeyId("ak_bot");
    }
    return SIGNER.sign(
        unsigned("s1", id, action, seq, p.build())
            .setAccountId("acct-a")
            .setTarget(CommandTarget.ACCOUNT)
            .setIssuedAt(issuedAt)
            .setExpiresAt(issuedAt + 86_400_000L)
            .build());
  }

  /** A session of "acct-a" the enforcer holds (it got a rate limit at {@code t}). */
  private void hold(String session, long t) {
    SessionCommand c =
        SIGNER.sign(
            unsigned(session, session + ":rate", CommandAction.SET_RATE_LIMIT, 8, null)
                .setAccountId("acct-a")
                .setParameters(TestCommands.rate(100, 100))
                .setEventTime(t)
                .setIssuedAt(t)
                .setExpiresAt(t + 300_000)
                .build());
    assertThat(enforcer.accept(c, t).applied()).isTrue();
  }

  @Test
  void killAllSessionsEndsEverySessionOfTheAccountThatBeganBeforeIt() {
    hold("s1", T);
    hold("s2", T + 1_000);
    hold("other", T);
    enforcer.accept(
        SIGNER.sign(
            unsigned("other", "o:rate", CommandAction.SET_RATE_LIMIT, 8, TestCommands.rate(9, 9))
                .setAccountId("acct-b")
                .build()),
        T);

    assertThat(
            enforcer
                .accept(account("e:all", CommandAction.KILL_ALL_SESSIONS, 1, T + 5_000), T + 5_000)
                .applied())
        .isTrue();
    hold("s3", T + 10_000); // the owner's new session, after the log-out

    assertThat(enforcer.check("s1", T + 11_000, RequestKind.ORDINARY)).isEqualTo(Decision.DENY);
    assertThat(enforcer.check("s2", T + 11_000, RequestKind.ORDINARY)).isEqualTo(Decision.DENY);
    assertThat(enforcer.check("s3", T + 11_000, RequestKind.ORDINARY)).isEqualTo(Decision.ALLOW);
    assertThat(out)
        .filteredOn(o -> o.getKind() == OutcomeKind.SESSION_ENDED)
        .extracting(EnforcementOutcome::getSessionId, EnforcementOutcome::getDetail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("s1", "logged out everywhere (KILL_ALL_SESSIONS)"),
            org.assertj.core.groups.Tuple.tuple("s2", "logged out everywhere (KILL_ALL_SESSIONS)"));
    assertThat(enforcer.stats().sessionsKilled()).isEqualTo(2);
  }

  @Test
  void aSessionFirstSeenAfterTheLogOutIsEndedWhenItsCommandWasTriggeredBeforeIt() {
    enforcer.accept(account("e:all", CommandAction.KILL_ALL_SESSIONS, 1, T + 5_000), T + 5_000);
    // The thief's parallel session: its rate limit was decided on a request at T, read late.
    SessionCommand late =
        SIGNER.sign(
            unsigned("s4", "s4:rate", CommandAction.SET_RATE_LIMIT, 8, TestCommands.rate(5, 5))
                .setAccountId("acct-a")
                .setEventTime(T)
                .setIssuedAt(T + 1_000)
                .setExpiresAt(T + 300_000)
                .build());
    enforcer.accept(late, T + 60_000);

    assertThat(enforcer.check("s4", T + 61_000, RequestKind.ORDINARY)).isEqualTo(Decision.DENY);
  }

  @Test
  void theAccountHoldDeniesWithdrawalsOfEverySessionUntilAnAnalystLiftsIt() {
    hold("s1", T);
    enforcer.accept(account("e:hold", CommandAction.HOLD_WITHDRAWALS, 2, T), T);

    assertThat(enforcer.check("s1", T + 1_000, RequestKind.WITHDRAWAL)).isEqualTo(Decision.DENY);
    assertThat(enforcer.check("s1", T + 1_000, RequestKind.ORDINARY)).isEqualTo(Decision.ALLOW);
    assertThat(enforcer.accounts().status("acct-a").holdUntil()).isEqualTo(T + 604_800_000L);

    enforcer.accounts().liftHold("acct-a");
    assertThat(enforcer.check("s1", T + 2_000, RequestKind.WITHDRAWAL)).isEqualTo(Decision.ALLOW);
  }

  @Test
  void aRevokedKeyAndARequiredReverificationAreKeptForTheGatewaysChecks() {
    assertThat(
            enforcer.accept(account("e:revoke", CommandAction.REVOKE_API_KEY, 3, T), T).applied())
        .isTrue();
    assertThat(
            enforcer
                .accept(account("e:reverify", CommandAction.REQUIRE_REVERIFICATION, 4, T), T)
                .applied())
        .isTrue();

    AccountEnforcement.Status status = enforcer.accounts().status("acct-a");
    assertThat(status.revokedKeys()).containsExactly("ak_bot");
    assertThat(status.reverificationRequired()).isTrue();
    enforcer.accounts().reverified("acct-a");
    assertThat(enforcer.accounts().status("acct-a").reverificationRequired()).isFalse();
    assertThat(out)
        .extracting(EnforcementOutcome::getKind)
        .containsExactly(OutcomeKind.APPLIED, OutcomeKind.APPLIED);
  }

  @Test
  void aTamperedKeyIdIsRejectedAndAnAccountActionSentToASessionIsIgnored() {
    SessionCommand tampered = account("e:revoke", CommandAction.REVOKE_API_KEY, 3, T);
    tampered.getParameters().setApiKeyId("ak_owner");
    assertThat(enforcer.accept(tampered, T).rejection()).isEqualTo(RejectionReason.BAD_SIGNATURE);

    SessionCommand odd = signed("s9", "e:odd", CommandAction.KILL_ALL_SESSIONS, 8, null);
    assertThat(enforcer.accept(odd, T).rejection()).isEqualTo(RejectionReason.OTHER);
    assertThat(enforcer.check("s9", T, RequestKind.ORDINARY)).isEqualTo(Decision.ALLOW);
    assertThat(enforcer.accounts().status("acct-a")).isNull();
  }
}
