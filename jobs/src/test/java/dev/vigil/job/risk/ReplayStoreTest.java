package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.policy.EnforcementLevel;
import dev.vigil.core.profile.SessionState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The file backtest's heap copy of the session store: expiry by event time, eviction at the cap
 * that spares sessions acted on, and sweeps that leave no session, ring entry or timer behind.
 */
class ReplayStoreTest {
  private static final long HOUR = Duration.ofHours(1).toMillis();

  private final RiskSettings settings = RiskSettings.defaults().withMaxSessionsPerAccount(16);
  private final ReplayStore store = new ReplayStore(settings);

  @Test
  void endedSessionsLeaveWithTheirRingAndTimersOnceTheWatermarkPassesTheirEnd() {
    ReplayStore.Account a = store.account("acct");
    for (int i = 0; i < 5; i++) {
      SessionState s = live(1_000 + i);
      assertThat(store.admit(a, "s" + i, s.startMillis)).isTrue();
      a.sessions.put("s" + i, s);
      store.register(a, store.deadline(s));
    }
    assertThat(store.pendingTimers()).isEqualTo(1); // five sessions, one rounded-up deadline

    store.advance(HOUR); // before the idle hour is over: nothing ends
    assertThat(a.sessions).hasSize(5);
    assertThat(store.session(a, "s0", HOUR).events).isEqualTo(1);

    store.advance(3 * HOUR);
    assertThat(a.sessions).isEmpty();
    assertThat(a.order).isEmpty();
    assertThat(a.tail - a.head).isZero();
    assertThat(store.pendingTimers()).isZero();
  }

  @Test
  void anEndedSessionIsFreshWhenReadEvenBeforeItsSweep() {
    ReplayStore.Account a = store.account("acct");
    SessionState s = live(1_000);
    store.admit(a, "s", s.startMillis);
    a.sessions.put("s", s);
    assertThat(store.session(a, "s", 1_000 + HOUR - 1)).isSameAs(s);
    assertThat(store.session(a, "s", 1_000 + HOUR).events).isZero();
  }

  @Test
  void atTheCapTheOldestSessionNotActedOnIsEvictedAndOnesActedOnStay() {
    ReplayStore.Account a = store.account("acct");
    for (int i = 0; i < 16; i++) {
      SessionState s = live(1_000 + i);
      if (i == 0) {
        s.level = (byte) EnforcementLevel.STEP_UP.ordinal();
      }
      store.admit(a, "s" + i, s.startMillis);
      a.sessions.put("s" + i, s);
    }
    assertThat(store.admit(a, "new", 2_000)).isTrue();
    assertThat(a.sessions).containsKey("s0").doesNotContainKey("s1");
    assertThat(a.tail - a.head).isEqualTo(16);
  }

  @Test
  void aFullAccountWhoseSessionsAreAllActedOnStoresNoNewSession() {
    ReplayStore.Account a = store.account("acct");
    for (int i = 0; i < 16; i++) {
      SessionState s = live(1_000 + i);
      s.level = (byte) EnforcementLevel.KILLED.ordinal();
      store.admit(a, "s" + i, s.startMillis);
      a.sessions.put("s" + i, s);
    }
    assertThat(store.admit(a, "new", 2_000)).isFalse();
    assertThat(a.sessions).hasSize(16);
  }

  private static SessionState live(long start) {
    SessionState s = new SessionState();
    s.startMillis = start;
    s.lastMillis = start;
    s.events = 1;
    return s;
  }
}
