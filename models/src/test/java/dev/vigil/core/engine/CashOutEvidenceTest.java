package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.profile.SessionStateMapper;
import dev.vigil.schema.AccessEvent;
import org.junit.jupiter.api.Test;

/**
 * The cash-out term: a withdrawal to an address the same session added to the whitelist weighs
 * {@code freshAddressWithdrawalLlr}, once per session, and never for an address whitelisted
 * earlier; its reason says whether the address was added from a network fresh to the account.
 */
class CashOutEvidenceTest {
  private static final long DAY = 86_400_000L;
  private static final RiskModel MODEL = RiskModelLoader.defaults();
  private static final EvidenceCode CASH_OUT = EvidenceCode.WITHDRAWAL_TO_ADDRESS_ADDED_IN_SESSION;

  @Test
  void aWithdrawalToAnAddressWhitelistedFromAFreshNetworkWeighsTheFullTerm() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    h.score(quietLogin(Events.attacker("thief", t)));
    Scored added = h.score(whitelist(Events.attacker("thief", t + 10_000), "bc1qthief"));
    assertThat(added.evidence().indexOf(CASH_OUT)).as("not on the whitelist change").isNegative();

    Scored out = h.score(withdraw(Events.attacker("thief", t + 20_000), "bc1qthief"));

    int i = out.evidence().indexOf(CASH_OUT);
    assertThat(i).isNotNegative();
    assertThat(out.evidence().llr(i)).isEqualTo(MODEL.evidence.freshAddressWithdrawalLlr);
    assertThat(out.evidence().value(i, 0)).as("fresh network").isEqualTo(1.0);
  }

  @Test
  void fromTheOwnersHomeNetworkTheTermWeighsTheSameAndSaysSo() {
    // How new the network is has its own terms (new_network, sensitive_endpoint_fresh_network).
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    h.score(Events.owner("own", t).build());
    h.score(whitelist(Events.owner("own", t + 10_000), "bc1qnewwallet"));

    Scored out = h.score(withdraw(Events.owner("own", t + 20_000), "bc1qnewwallet"));

    int i = out.evidence().indexOf(CASH_OUT);
    assertThat(i).isNotNegative();
    assertThat(out.evidence().llr(i)).isEqualTo(MODEL.evidence.freshAddressWithdrawalLlr);
    assertThat(out.evidence().value(i, 0)).as("not a fresh network").isEqualTo(0.0);
  }

  @Test
  void theTermCountsOncePerSession() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    h.score(whitelist(Events.attacker("thief", t), "bc1qthief"));
    h.score(withdraw(Events.attacker("thief", t + 10_000), "bc1qthief"));

    Scored again = h.score(withdraw(Events.attacker("thief", t + 20_000), "bc1qthief"));

    assertThat(again.evidence().indexOf(CASH_OUT)).isNegative();
  }

  @Test
  void aWithdrawalToAnotherAddressOrOneWhitelistedInAnEarlierSessionIsNotCashOut() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    h.score(whitelist(Events.attacker("first", t), "bc1qone"));
    Scored other = h.score(withdraw(Events.attacker("first", t + 10_000), "bc1qtwo"));
    assertThat(other.evidence().indexOf(CASH_OUT)).isNegative();
    Scored back = h.score(withdraw(Events.attacker("first", t + 20_000), "bc1qone"));
    assertThat(back.evidence().indexOf(CASH_OUT))
        .as("a withdrawal elsewhere ended the pairing")
        .isNegative();

    h.score(whitelist(Events.owner("monday", t + DAY), "bc1qsaved"));
    Scored later = h.score(withdraw(Events.owner("tuesday", t + 2 * DAY), "bc1qsaved"));
    assertThat(later.evidence().indexOf(CASH_OUT)).isNegative();
  }

  @Test
  void aSessionRestoredFromStateBetweenTheWhitelistChangeAndTheWithdrawalStillScoresIt() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    h.score(whitelist(Events.attacker("thief", t), "bc1qthief"));
    SessionStateMapper mapper = new SessionStateMapper();
    h.sessions.put("thief", mapper.fromBytes(mapper.toBytes(h.session("thief"))));

    Scored out = h.score(withdraw(Events.attacker("thief", t + 10_000), "bc1qthief"));

    assertThat(out.evidence().indexOf(CASH_OUT)).isNotNegative();
  }

  @Test
  void aModelFileWithoutTheTermKeepsItsOldBehaviour() throws Exception {
    RiskModel old =
        RiskModelLoader.parse(
            getClass().getResourceAsStream("/model/vigil-default-2.json").readAllBytes());
    SessionHarness h = new SessionHarness(old);
    long t = h.trainOwner(30, 30) + DAY;
    h.score(whitelist(Events.attacker("thief", t), "bc1qthief"));

    Scored out = h.score(withdraw(Events.attacker("thief", t + 10_000), "bc1qthief"));

    assertThat(out.evidence().indexOf(CASH_OUT)).isNegative();
  }

  private static AccessEvent quietLogin(AccessEvent.Builder b) {
    return b.setPath("/api/v1/balance").build();
  }

  private static AccessEvent whitelist(AccessEvent.Builder b, String address) {
    return b.setMethod("POST")
        .setPath("/api/v3/wallet/whitelist")
        .setWithdrawalAddress(address)
        .build();
  }

  private static AccessEvent withdraw(AccessEvent.Builder b, String address) {
    return b.setMethod("POST")
        .setPath("/api/v3/wallet/withdrawals")
        .setWithdrawalAddress(address)
        .build();
  }
}
