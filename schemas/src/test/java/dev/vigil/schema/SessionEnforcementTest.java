package dev.vigil.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.SessionEnforcement.Mode;
import dev.vigil.schema.SessionEnforcement.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract's precedence, supersession and idempotency rules, on one session's commands. */
class SessionEnforcementTest {
  private static final long T = 1_764_400_000_000L;

  private static SessionCommand command(
      String id, CommandAction action, long sequence, CommandParameters p) {
    return SessionCommand.newBuilder()
        .setCommandId(id)
        .setSessionId("s1")
        .setAccountId("a1")
        .setAction(action)
        .setParameters(p == null ? CommandParameters.newBuilder().build() : p)
        .setIssuedAt(T + sequence)
        .setExpiresAt(T + 300_000)
        .setProbability(0.9)
        .setModelVersion("m")
        .setTriggerEventId("e")
        .setEventTime(T)
        .setSequence(sequence)
        .build();
  }

  private static SessionCommand timeout(String id, long sequence, long absolute, long idle) {
    return command(
        id,
        CommandAction.SET_TIMEOUT,
        sequence,
        CommandParameters.newBuilder()
            .setAbsoluteTimeoutSeconds(absolute)
            .setIdleTimeoutSeconds(idle)
            .build());
  }

  private static SessionCommand hold(String id, long sequence, long seconds, HoldScope scope) {
    return command(
        id,
        CommandAction.HOLD_WITHDRAWALS,
        sequence,
        CommandParameters.newBuilder().setHoldSeconds(seconds).setHoldScope(scope).build());
  }

  @Test
  void theCommandsOfOneEventCombineAndAKillOverridesWhatFollowsButNotAHold() {
    SessionEnforcement s = new SessionEnforcement();
    CommandParameters passkey =
        CommandParameters.newBuilder()
            .setAcceptedFactors(List.of("passkey", "email_link"))
            .setStepUpTimeoutSeconds(120L)
            .build();
    CommandParameters rate =
        CommandParameters.newBuilder().setRequestsPerSecond(2.0).setBurst(50).build();

    assertThat(s.apply(command("e1:step_up", CommandAction.STEP_UP, 80, passkey)))
        .isEqualTo(Outcome.APPLIED);
    assertThat(s.apply(command("e1:set_rate_limit", CommandAction.SET_RATE_LIMIT, 81, rate)))
        .isEqualTo(Outcome.APPLIED);
    assertThat(s.apply(timeout("e1:set_timeout", 82, 900, 120))).isEqualTo(Outcome.APPLIED);

    assertThat(s.mode()).isEqualTo(Mode.STEP_UP_PENDING);
    assertThat(s.acceptedFactors()).containsExactly("passkey", "email_link");
    assertThat(s.stepUpTimeoutSeconds()).isEqualTo(120);
    assertThat(s.requestsPerSecond(10.0)).isEqualTo(2.0);
    assertThat(s.burst(20)).as("the gateway's own burst is tighter").isEqualTo(20);
    assertThat(s.absoluteTimeoutSeconds(43_200)).isEqualTo(900);
    assertThat(s.idleTimeoutSeconds(60)).isEqualTo(60);

    assertThat(s.apply(command("e2:kill", CommandAction.KILL, 88, null)))
        .isEqualTo(Outcome.APPLIED);
    assertThat(s.mode()).isEqualTo(Mode.KILLED);
    assertThat(s.apply(timeout("e3:set_timeout", 96, 3_600, 600))).isEqualTo(Outcome.IGNORED);
    assertThat(s.apply(hold("e3:hold_withdrawals", 97, 86_400, HoldScope.ALL)))
        .as("a hold is the account's and outlives the session")
        .isEqualTo(Outcome.APPLIED);
    assertThat(s.withdrawalsHeld(T + 86_000_000)).isTrue();
  }

  @Test
  void aLaterCommandOfAnActionSupersedesAnEarlierOneAndAnOlderOneIsStale() {
    SessionEnforcement s = new SessionEnforcement();

    assertThat(s.apply(timeout("e5:set_timeout", 40, 900, 120))).isEqualTo(Outcome.APPLIED);
    assertThat(s.apply(timeout("e9:set_timeout", 72, 7_200, 900)))
        .as("a later timeout may be longer")
        .isEqualTo(Outcome.APPLIED);
    assertThat(s.apply(timeout("e7:set_timeout", 56, 600, 60)))
        .as("delivered late: below the in-force sequence")
        .isEqualTo(Outcome.STALE);
    assertThat(s.apply(timeout("e9:set_timeout", 72, 7_200, 900)))
        .as("re-published after a restart")
        .isEqualTo(Outcome.DUPLICATE);

    assertThat(s.absoluteTimeoutSeconds(43_200)).isEqualTo(7_200);
    assertThat(s.absoluteTimeoutSeconds(3_600))
        .as("never beyond the gateway's own")
        .isEqualTo(3_600);
    assertThat(s.idleTimeoutSeconds(3_600)).isEqualTo(900);
    assertThat(s.mode()).isEqualTo(Mode.LIMITED);
  }

  @Test
  void aKillAppliesWhateverItsSequenceAndAPassedStepUpNoLongerBlocks() {
    SessionEnforcement s = new SessionEnforcement();
    s.apply(command("e4:step_up", CommandAction.STEP_UP, 32, null));
    assertThat(s.stepUpTimeoutSeconds()).as("null from an older producer: 300 s").isEqualTo(300);
    assertThat(s.acceptedFactors()).as("any second factor").isNull();
    s.stepUpPassed();
    assertThat(s.mode()).isEqualTo(Mode.NORMAL);

    assertThat(s.apply(command("x:kill", CommandAction.KILL, 8, null))).isEqualTo(Outcome.APPLIED);
    assertThat(s.mode()).isEqualTo(Mode.KILLED);
  }

  @Test
  void holdsKeepTheLaterEndAndTheWiderScope() {
    SessionEnforcement s = new SessionEnforcement();

    s.apply(hold("e1:hold_withdrawals", 9, 86_400, HoldScope.ALL));
    s.apply(hold("e2:hold_withdrawals", 17, 3_600, HoldScope.ADDRESSES_ADDED_IN_SESSION));

    assertThat(s.holdScope()).isEqualTo(HoldScope.ALL);
    assertThat(s.withdrawalsHeld(T + 9 + 86_400_000 - 1)).isTrue();
    assertThat(s.withdrawalsHeld(T + 9 + 86_400_000)).isFalse();
  }

  @Test
  void commandsOfAnOlderProducerWithoutSequenceAreOrderedByIssueTime() {
    SessionEnforcement s = new SessionEnforcement();
    SessionCommand later = timeout("old-2", 0, 600, 60);
    later.setIssuedAt(T + 5_000);
    SessionCommand earlier = timeout("old-1", 0, 900, 120);
    earlier.setIssuedAt(T + 1_000);

    assertThat(s.apply(later)).isEqualTo(Outcome.APPLIED);
    assertThat(s.apply(earlier)).isEqualTo(Outcome.STALE);
    assertThat(s.absoluteTimeoutSeconds(43_200)).isEqualTo(600);
  }
}
