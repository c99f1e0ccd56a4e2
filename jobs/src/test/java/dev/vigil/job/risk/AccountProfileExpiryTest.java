package dev.vigil.job.risk;

import static dev.vigil.job.risk.RiskHarness.harness;
import static dev.vigil.job.risk.RiskHarness.keysWithState;
import static dev.vigil.job.risk.RiskHarness.process;
import static dev.vigil.job.risk.RiskHarness.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.Events;
import org.junit.jupiter.api.Test;

/**
 * The account profile's TTL cleanup on the heap backend ({@link SessionStateDescriptors#account}):
 * a profile no event touches again leaves the heap once its TTL has passed, through the cheap
 * incremental cleanup that other accounts' events drive, not only in snapshots.
 */
class AccountProfileExpiryTest {
  @Test
  void aProfileUntouchedForItsTtlLeavesTheHeapAsOtherAccountsAreScored() throws Exception {
    RiskSettings settings = settings();
    SessionRiskFunction fn =
        new SessionRiskFunction(settings, SessionRiskFunctionTest.defaultModelJson());
    try (var h = harness(fn)) {
      h.setStateTtlProcessingTime(0);
      long t = Events.T0;
      process(h, Events.owner("gone-1", t).setAccountId("gone").build());
      process(h, Events.owner("busy-1", t).setAccountId("busy").build());
      assertThat(keysWithState(h, "account-profile")).isEqualTo(2);

      // Within the TTL the busy account's events leave the other profile alone.
      h.setStateTtlProcessingTime(settings.accountStateTtl().toMillis() - 1);
      for (int i = 1; i <= 200; i++) {
        process(h, Events.owner("busy-1", t + i * 1_000L).setAccountId("busy").build());
      }
      assertThat(keysWithState(h, "account-profile")).isEqualTo(2);

      // Past it, the cleanup that the busy account's state accesses drive removes it.
      h.setStateTtlProcessingTime(settings.accountStateTtl().toMillis() + 1);
      // A pass of the cleanup takes at most one access per profile and per key group (128 here).
      for (int i = 201; i <= 400; i++) {
        process(h, Events.owner("busy-1", t + i * 1_000L).setAccountId("busy").build());
      }
      assertThat(keysWithState(h, "account-profile"))
          .as("only the busy account's profile is on the heap")
          .isEqualTo(1);
    }
  }
}
