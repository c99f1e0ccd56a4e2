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
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** {@code check} allocates nothing, whatever the session's state and the decision. */
class CheckAllocationTest {
  @Test
  void checkAllocatesNothingForAllowThrottleChallengeDenyAndUnknownSessions() {
    ReferenceEnforcer gw = enforcer(outcomes());
    gw.accept(signed("rate", "e1:set_rate_limit", CommandAction.SET_RATE_LIMIT, 8, rate(1, 1)), T);
    gw.accept(signed("step", "e2:step_up", CommandAction.STEP_UP, 8, stepUp(86_400)), T);
    gw.accept(
        signed("time", "e3:set_timeout", CommandAction.SET_TIMEOUT, 8, timeout(86_400, 86_400)), T);
    gw.accept(signed("kill", "e4:kill", CommandAction.KILL, 8, null), T);
    String[] sessions = {"rate", "step", "time", "kill", "nobody"};
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    int[] decisions = new int[Decision.values().length];
    for (int round = 0; round < 3; round++) { // the first rounds warm up (class loading, JIT)
      long before = threads.getThreadAllocatedBytes(id);
      for (int i = 0; i < 100_000; i++) {
        decisions[
            gw.check(sessions[i % sessions.length], T + 1_000 + i, RequestKind.ORDINARY)
                .ordinal()]++;
      }
      long allocated = threads.getThreadAllocatedBytes(id) - before;
      if (round == 2) {
        assertThat(allocated).as("bytes allocated by 100,000 checks").isZero();
      }
    }
    for (Decision d : Decision.values()) {
      assertThat(decisions[d.ordinal()]).as(d.name()).isPositive();
    }
  }

  @Test
  void checkWithDefaultBucketsAllocatesNothingOnceTheSessionsAreHeld() {
    FairAccessDefaults d = FairAccessDefaultsEnforcementTest.DEFAULTS;
    ReferenceEnforcer gw =
        new ReferenceEnforcer(
            EnforcerSettings.defaults("gw-test"),
            new dev.vigil.schema.CommandVerifier(TestCommands.SIGNER.ring()),
            null,
            OutcomeSink.NONE,
            d);
    gw.accept(signed("rate", "e1:set_rate_limit", CommandAction.SET_RATE_LIMIT, 8, rate(1, 1)), T);
    String[] sessions = {"rate", "bot-1", "bot-2", "retail-1", "nobody"};
    int[] population = {
      d.population("bot"), d.population("bot"), d.population("bot"), d.population("retail"), -1
    };
    int[] roles = {d.role("orders"), d.role("market_data"), FairAccessDefaults.NO_ROLE};
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    int[] decisions = new int[Decision.values().length];
    for (int round = 0; round < 3; round++) { // the first round also adds the sessions
      long before = threads.getThreadAllocatedBytes(id);
      for (int i = 0; i < 100_000; i++) {
        int s = i % sessions.length;
        decisions[
            gw.check(sessions[s], T + i / 8, RequestKind.ORDINARY, roles[i % 3], population[s])
                .ordinal()]++;
      }
      long allocated = threads.getThreadAllocatedBytes(id) - before;
      if (round == 2) {
        assertThat(allocated).as("bytes allocated by 100,000 checks").isZero();
      }
    }
    assertThat(decisions[Decision.ALLOW.ordinal()]).isPositive();
    assertThat(decisions[Decision.THROTTLE.ordinal()]).isPositive();
  }
}
