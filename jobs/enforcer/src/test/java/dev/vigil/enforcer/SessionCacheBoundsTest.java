package dev.vigil.enforcer;

import static dev.vigil.enforcer.TestCommands.T;
import static dev.vigil.enforcer.TestCommands.enforcer;
import static dev.vigil.enforcer.TestCommands.outcomes;
import static dev.vigil.enforcer.TestCommands.signed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.CommandAction;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The session cache stays within its capacity and forgets sessions past their retention. */
class SessionCacheBoundsTest {
  @Test
  void theCacheNeverHoldsMoreThanItsCapacityAndKeepsASessionInUseOverOnesNotUsedSince() {
    int capacity = SessionTable.SHARDS * 4;
    ReferenceEnforcer gw =
        enforcer(outcomes(), EnforcerSettings.defaults("gw").withCapacity(capacity));
    gw.accept(signed("keep", "k:kill", CommandAction.KILL, 8, null), T);
    for (int i = 0; i < capacity * 10; i++) {
      gw.accept(signed("s" + i, "e" + i + ":kill", CommandAction.KILL, 8, null), T);
      // "keep" is used all along, so it is never the least recently used of its shard.
      assertThat(gw.check("keep", T, RequestKind.ORDINARY)).isEqualTo(Decision.DENY);
    }
    assertThat(gw.sessions()).isLessThanOrEqualTo(capacity);
    assertThat(gw.evicted()).isEqualTo(capacity * 10L + 1 - gw.sessions());
    assertThat(gw.check("s0", T, RequestKind.ORDINARY))
        .as("the first session was evicted long ago")
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void aSessionUntouchedForLongerThanTheRetentionIsForgotten() {
    EnforcerSettings settings =
        new EnforcerSettings(
            "gw", 1_000, Duration.ofMinutes(10), Double.POSITIVE_INFINITY, 10, 86_400, 86_400);
    ReferenceEnforcer gw = enforcer(outcomes(), settings);
    long kill = T;
    gw.accept(signed("s1", "e1:kill", CommandAction.KILL, 8, null), kill);
    assertThat(gw.check("s1", kill + 9 * 60_000, RequestKind.ORDINARY)).isEqualTo(Decision.DENY);
    assertThat(gw.check("s1", kill + 9 * 60_000 + 600_001, RequestKind.ORDINARY))
        .isEqualTo(Decision.ALLOW);
    assertThat(gw.sessions()).isZero();
  }
}
