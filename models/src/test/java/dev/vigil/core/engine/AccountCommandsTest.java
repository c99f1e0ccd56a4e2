package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandAuthenticator;
import dev.vigil.schema.CommandTarget;
import dev.vigil.schema.CommandVerifier;
import dev.vigil.schema.HoldScope;
import dev.vigil.schema.Reason;
import dev.vigil.schema.SessionCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The account response end to end through the engine and {@link CommandFactory}: a thief's
 * withdrawal from a foreign VPS gets the session killed, and the account logged out everywhere and
 * held, once, as signed commands with target ACCOUNT.
 */
class AccountCommandsTest {
  private static final long DAY = 86_400_000L;
  private static final String KEY = "JiFSH3xjnVO5S+rRewZ57YQV1UVhNmnjBU5soE3ID7Y=";

  @Test
  void aKillOfAWithdrawingSessionAlsoLogsOutTheAccountAndHoldsItOnce() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    h.score(Events.attacker("stolen", t).build());
    var withdraw =
        Events.attacker("stolen", t + 5_000)
            .setMethod("POST")
            .setPath("/api/v1/withdraw")
            .setWithdrawalAddress("bc1qattacker")
            .build();
    Scored s = h.score(withdraw);
    CommandTiming timing = new CommandTiming(t + 5_000, t + 5_000, 300_000, t + DAY, 16);
    List<SessionCommand> commands = CommandFactory.commands(s.decision(), withdraw, "m1", timing);

    assertThat(commands)
        .extracting(SessionCommand::getAction)
        .containsExactly(
            CommandAction.KILL, CommandAction.KILL_ALL_SESSIONS, CommandAction.HOLD_WITHDRAWALS);
    SessionCommand all = commands.get(1);
    SessionCommand hold = commands.get(2);
    assertThat(commands.get(0).getTarget()).isEqualTo(CommandTarget.SESSION);
    assertThat(all.getTarget()).isEqualTo(CommandTarget.ACCOUNT);
    assertThat(all.getCommandId()).isEqualTo(withdraw.getEventId() + ":account:kill_all_sessions");
    assertThat(all.getSessionId()).isEqualTo("stolen");
    assertThat(all.getAccountId()).isEqualTo("acct-1");
    assertThat(all.getSequence()).isEqualTo(1);
    assertThat(all.getExpiresAt()).isEqualTo(t + 5_000 + DAY);
    assertThat(hold.getSequence()).isEqualTo(2);
    assertThat(hold.getParameters().getHoldScope()).isEqualTo(HoldScope.ALL);
    assertThat(hold.getParameters().getHoldSeconds()).isEqualTo(604_800L);
    assertThat(hold.getExpiresAt()).isEqualTo(t + 5_000 + 604_800_000L);
    Reason why = all.getReasons().get(0);
    assertThat(why.getCode()).isEqualTo("killed_with_withdrawal_rights");
    assertThat(why.getValues()).containsEntry("session_id", "stolen");
    assertThat(all.getReasons())
        .extracting(Reason::getCode)
        .contains("evidence_kinds")
        .containsAll(commands.get(0).getReasons().stream().map(Reason::getCode).toList());

    CommandAuthenticator auth = CommandAuthenticator.parse("k1:" + KEY);
    CommandVerifier verifier = new CommandVerifier(auth.ring());
    for (SessionCommand c : commands) {
      assertThat(verifier.verify(auth.sign(c), t + 6_000))
          .as(c.getCommandId())
          .isEqualTo(CommandVerifier.Verdict.VALID);
    }

    // The same thief's second session, killed the same way a minute later: its own kill only.
    h.score(Events.attacker("stolen-2", t + 60_000).build());
    Scored again =
        h.score(
            Events.attacker("stolen-2", t + 65_000)
                .setMethod("POST")
                .setPath("/api/v1/withdraw")
                .setWithdrawalAddress("bc1qattacker")
                .build());
    assertThat(again.decision().indexOf(CommandAction.KILL)).isNotNegative();
    assertThat(again.decision().account().count()).isZero();
  }
}
