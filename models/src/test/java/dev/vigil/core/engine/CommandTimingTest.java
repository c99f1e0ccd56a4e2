package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.PolicySettings;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.profile.SessionState;
import dev.vigil.schema.CommandAction;
import org.junit.jupiter.api.Test;

/**
 * The expiry, lateness, lifetimes and sequence of schema version 5, on the default model
 * (commandTtlSeconds 300; AAL2 maxAbsoluteSeconds 86,400, AAL3 43,200) with a fixed clock.
 */
class CommandTimingTest {
  private static final long T = 1_764_400_000_000L;
  private static final long HOUR = 3_600_000L;
  private static final PolicySettings POLICY = RiskModelLoader.defaults().policy;

  private static SessionState session(long start, int events) {
    SessionState s = new SessionState();
    s.startMillis = start;
    s.events = events;
    return s;
  }

  @Test
  void aCommandDecidedTenMinutesAfterItsEventExpiresFiveMinutesAfterItsIssueAndSaysItIsLate() {
    CommandTiming timing =
        CommandTiming.of(IssueClock.fixed(T + 600_000), T, session(T - HOUR, 3), POLICY);

    assertThat(timing.issuedAtMillis()).isEqualTo(T + 600_000);
    assertThat(timing.expiresAt(CommandAction.STEP_UP, 0)).isEqualTo(T + 900_000);
    assertThat(timing.expiresAt(CommandAction.SET_TIMEOUT, 0)).isEqualTo(T + 900_000);
    assertThat(timing.lateBySeconds()).isEqualTo(600);
  }

  @Test
  void aCommandIssuedWithinOneLifetimeOfItsEventIsNotLate() {
    SessionState s = session(T, 1);

    assertThat(CommandTiming.of(IssueClock.fixed(T + 300_000), T, s, POLICY).lateBySeconds())
        .isZero();
    assertThat(CommandTiming.of(IssueClock.fixed(T + 300_001), T, s, POLICY).lateBySeconds())
        .isEqualTo(300);
    assertThat(CommandTiming.of(IssueClock.fixed(T - 60_000), T, s, POLICY).lateBySeconds())
        .as("an event stamped ahead of the job's clock")
        .isZero();
  }

  @Test
  void aKillStaysValidUntilTheSessionsLongestPermittedLifetimeEnds() {
    // A session that began an hour before its event: a compliant gateway ends it 24 h after start.
    CommandTiming prompt = CommandTiming.of(IssueClock.EVENT_TIME, T, session(T - HOUR, 9), POLICY);
    assertThat(prompt.expiresAt(CommandAction.KILL, 0)).isEqualTo(T - HOUR + 86_400_000L);

    // Issued two days later (a long backlog): the session's lifetime is over, one TTL remains.
    CommandTiming late =
        CommandTiming.of(IssueClock.fixed(T + 48 * HOUR), T, session(T - HOUR, 9), POLICY);
    assertThat(late.expiresAt(CommandAction.KILL, 0)).isEqualTo(T + 48 * HOUR + 300_000);
  }

  @Test
  void aHoldStaysValidForItsHoldPeriodFromIssue() {
    CommandTiming timing = CommandTiming.of(IssueClock.fixed(T + HOUR), T, session(T, 2), POLICY);

    assertThat(timing.expiresAt(CommandAction.HOLD_WITHDRAWALS, 86_400))
        .isEqualTo(T + HOUR + 86_400_000L);
    assertThat(timing.expiresAt(CommandAction.HOLD_WITHDRAWALS, 60))
        .as("never shorter than a command lifetime")
        .isEqualTo(T + HOUR + 300_000);
  }

  @Test
  void sequencesGrowWithTheSessionsEventsAndTheActionsIndexNotWithTheClock() {
    CommandTiming third = CommandTiming.of(IssueClock.WALL, T, session(T, 3), POLICY);
    CommandTiming fourth = CommandTiming.of(IssueClock.EVENT_TIME, T, session(T, 4), POLICY);

    assertThat(third.sequence(0)).isEqualTo(24);
    assertThat(third.sequence(4)).isEqualTo(28);
    assertThat(fourth.sequence(0)).isEqualTo(32).isGreaterThan(third.sequence(4));
    assertThat(third.stepUpTimeoutSeconds()).isEqualTo(300);
  }
}
