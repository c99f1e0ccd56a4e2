package dev.vigil.job.cases;

import static dev.vigil.job.cases.CaseFunctionTest.decision;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.Pseudonymiser;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.CaseGrouping;
import dev.vigil.schema.RiskDecision;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the risk operator hands the case stage for cross-account cases. */
class CaseOriginTest {
  private static final long T0 = 1_700_000_000_000L;

  @Test
  void aDecisionsOriginsAreItsEventsSlash24AndWithdrawalAddress() {
    RiskDecision d = decision("e1", "acct-1", "s1", T0, 0.8, "e1:step_up");
    AccessEvent e = event("203.0.113.7", "bc1qexampleaddress");
    assertThat(CaseOrigin.network(d, e, null))
        .isEqualTo(new CaseOrigin(d, CaseGrouping.NETWORK, "203.0.113.0/24"));
    assertThat(CaseOrigin.address(d, e, null))
        .isEqualTo(new CaseOrigin(d, CaseGrouping.WITHDRAWAL_ADDRESS, "bc1qexampleaddress"));
    assertThat(CaseOrigin.address(d, event("203.0.113.7", null), null)).isNull();
    assertThat(CaseOrigin.network(d, event("not-an-ip", null), null)).isNull();
    assertThat(CaseOrigin.network(d, e, null).stateKey())
        .isNotEqualTo(
            new CaseOrigin(d, CaseGrouping.WITHDRAWAL_ADDRESS, "203.0.113.0/24").stateKey());
  }

  @Test
  void withAPseudonymisedTrailTheKeysArePseudonymsOfThePrefixAndAddress() {
    Pseudonymiser p =
        new Pseudonymiser("a-test-pseudonym-key-of-32-bytes".getBytes(StandardCharsets.UTF_8));
    RiskDecision d = decision("e1", "acct-1", "s1", T0, 0.8, "e1:step_up");
    AccessEvent e = event("203.0.113.7", "bc1qexampleaddress");
    assertThat(CaseOrigin.network(d, e, p).groupKey)
        .isEqualTo(p.pseudonym("203.0.113.0/24"))
        .startsWith(Pseudonymiser.PREFIX)
        .doesNotContain("203.0.113");
    assertThat(CaseOrigin.address(d, e, p).groupKey).isEqualTo(p.pseudonym("bc1qexampleaddress"));
  }

  @Test
  void onlyEnforcedDecisionsThatActOrRaiseTheProbabilityHaveOrigins() {
    assertThat(CaseOrigin.emits(decision("e1", "acct-1", "s1", T0, 0.6))).isTrue();
    assertThat(CaseOrigin.emits(decision("e2", "acct-1", "s1", T0, 0.05))).isFalse();
    RiskDecision shadow = decision("e3", "acct-1", "s1", T0, 0.99, "e3:kill");
    shadow.setShadow(true);
    assertThat(CaseOrigin.emits(shadow)).isFalse();
  }

  private static AccessEvent event(String ip, String address) {
    return AccessEvent.newBuilder()
        .setEventId("e1")
        .setTimestamp(T0)
        .setIngestedAt(T0)
        .setSessionId("s1")
        .setAccountId("acct-1")
        .setSourceIp(ip)
        .setMethod("POST")
        .setPath("/api/v3/withdraw")
        .setStatus(200)
        .setWithdrawalAddress(address)
        .build();
  }
}
