package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.profile.SessionStateMapper;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import org.junit.jupiter.api.Test;

/**
 * The cash-out intent terms: a withdrawal after a security change in the same session, a key
 * created or changed early in a session, a fast cash-out from a new network or client; each once
 * per session, each only on writes.
 */
class CashOutIntentEvidenceTest {
  private static final long DAY = 86_400_000L;
  private static final long MINUTE = 60_000L;
  private static final RiskModel MODEL = RiskModelLoader.defaults();
  private static final EvidenceCode SECURITY = EvidenceCode.SECURITY_CHANGE_THEN_WITHDRAWAL;
  private static final EvidenceCode KEY = EvidenceCode.KEY_CHANGE_IN_FRESH_SESSION;
  private static final EvidenceCode FAST = EvidenceCode.FAST_CASH_OUT;
  private static final EvidenceCode ADDED = EvidenceCode.WITHDRAWAL_TO_ADDRESS_ADDED_IN_SESSION;

  @Test
  void aWithdrawalAfterAnMfaResetInTheSameSessionCountsOnce() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    h.score(Events.owner("swap", t).setPath("/api/v1/balance").build());
    Scored reset =
        h.score(write(Events.owner("swap", t + MINUTE), "PUT", "/api/v3/account/security/mfa"));
    assertThat(reset.evidence().indexOf(SECURITY)).as("not on the change itself").isNegative();

    Scored out = h.score(withdraw(Events.owner("swap", t + 3 * MINUTE), "bc1qsaved"));
    int i = out.evidence().indexOf(SECURITY);
    assertThat(i).isNotNegative();
    assertThat(out.evidence().llr(i))
        .isEqualTo(MODEL.evidence.intent.securityChangeThenWithdrawalLlr);
    assertThat(out.evidence().value(i, 0)).as("minutes since the change").isEqualTo(2.0);
    assertThat(out.evidence().value(i, 1)).as("minutes since the start").isEqualTo(3.0);

    Scored again = h.score(withdraw(Events.owner("swap", t + 4 * MINUTE), "bc1qsaved"));
    assertThat(again.evidence().indexOf(SECURITY)).isNegative();
  }

  @Test
  void readingTheSecuritySettingsOrWithdrawingInAnotherSessionIsNotASecurityChange() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    h.score(Events.owner("look", t).setMethod("GET").setPath("/api/v3/account/security").build());
    assertThat(
            h.score(withdraw(Events.owner("look", t + MINUTE), "a")).evidence().indexOf(SECURITY))
        .isNegative();
    h.score(write(Events.owner("change", t + DAY), "PUT", "/api/v3/account/security/email"));
    assertThat(
            h.score(withdraw(Events.owner("later", t + DAY + MINUTE), "a"))
                .evidence()
                .indexOf(SECURITY))
        .isNegative();
  }

  @Test
  void aTrainedWeightScalesAnIntentTermAsItScalesEveryOther() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var tree =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            json.readTree(java.nio.file.Path.of("artifacts/vigil-model.json").toFile());
    tree.putObject("combination").putObject("codeWeights").put(KEY.code(), 0.5);
    SessionHarness h = new SessionHarness(RiskModelLoader.parse(json.writeValueAsBytes(tree)));
    long t = h.trainOwner(30, 30) + DAY;
    h.score(Events.owner("weighted", t).build());

    Scored created =
        h.score(write(Events.owner("weighted", t + MINUTE), "POST", "/api/v3/account/api-keys"));

    int i = created.evidence().indexOf(KEY);
    assertThat(i).isNotNegative();
    assertThat(created.evidence().llr(i))
        .isEqualTo(0.5 * MODEL.evidence.intent.keyChangeInFreshSessionLlr);
  }

  @Test
  void aKeyCreatedEarlyInASessionCountsOnceAndNotLaterInTheSession() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    h.score(Events.owner("early", t).build());
    assertThat(
            h.score(Events.owner("early", t + MINUTE).setPath("/api/v3/account/api-keys").build())
                .evidence()
                .indexOf(KEY))
        .as("listing keys is a read")
        .isNegative();
    Scored created =
        h.score(write(Events.owner("early", t + 2 * MINUTE), "POST", "/api/v3/account/api-keys"));
    int i = created.evidence().indexOf(KEY);
    assertThat(i).isNotNegative();
    assertThat(created.evidence().llr(i))
        .isEqualTo(MODEL.evidence.intent.keyChangeInFreshSessionLlr);
    assertThat(
            h.score(
                    write(
                        Events.owner("early", t + 3 * MINUTE),
                        "PUT",
                        "/api/v3/account/api-keys/permissions"))
                .evidence()
                .indexOf(KEY))
        .isNegative();

    long late = (long) (MODEL.evidence.intent.freshSessionMinutes + 1) * MINUTE;
    h.score(Events.owner("late", t + DAY).build());
    assertThat(
            h.score(write(Events.owner("late", t + DAY + late), "POST", "/api/v3/account/api-keys"))
                .evidence()
                .indexOf(KEY))
        .isNegative();
  }

  @Test
  void aFastCashOutFromANewNetworkAddsItsFactorOnTopOfTheAddedAddressTermOnce() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    h.score(Events.attacker("thief", t).setPath("/api/v1/balance").build());
    h.score(whitelist(Events.attacker("thief", t + 2 * MINUTE), "bc1qthief"));
    Scored out = h.score(withdraw(Events.attacker("thief", t + 3 * MINUTE), "bc1qthief"));
    assertThat(out.evidence().indexOf(ADDED)).isNotNegative();
    int i = out.evidence().indexOf(FAST);
    assertThat(i).isNotNegative();
    assertThat(out.evidence().llr(i)).isEqualTo(MODEL.evidence.intent.fastCashOutLlr);
    assertThat(out.evidence().value(i, 1)).as("new network").isEqualTo(1.0);
    assertThat(out.evidence().value(i, 2)).as("new client").isEqualTo(1.0);
    Scored again = h.score(withdraw(Events.attacker("thief", t + 4 * MINUTE), "bc1qthief"));
    assertThat(again.evidence().indexOf(FAST)).isNegative();
  }

  @Test
  void theOwnerAtHomeOnHisOwnClientOrASlowCashOutIsNotFast() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    h.score(whitelist(Events.owner("home", t), "bc1qmine"));
    Scored home = h.score(withdraw(Events.owner("home", t + MINUTE), "bc1qmine"));
    assertThat(home.evidence().indexOf(ADDED)).isNotNegative();
    assertThat(home.evidence().indexOf(FAST)).isNegative();

    long late = (long) (MODEL.evidence.intent.freshSessionMinutes + 1) * MINUTE;
    h.score(Events.attacker("slow", t + DAY).setPath("/api/v1/balance").build());
    h.score(whitelist(Events.attacker("slow", t + DAY + late - MINUTE), "bc1qslow"));
    Scored slow = h.score(withdraw(Events.attacker("slow", t + DAY + late), "bc1qslow"));
    assertThat(slow.evidence().indexOf(ADDED)).isNotNegative();
    assertThat(slow.evidence().indexOf(FAST)).isNegative();
  }

  @Test
  void aNewDeviceOnTheOwnersNetworkCountsAsNewClient() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    AccessEvent.Builder phone =
        Events.owner("phone", t).setUserAgent("VigilExchange-iOS/5.2 (iPhone15,2)");
    h.score(phone.setTimestamp(t).setPath("/api/v1/balance").build());
    h.score(whitelist(phone.setTimestamp(t + MINUTE), "bc1qnew"));
    Scored out = h.score(withdraw(phone.setTimestamp(t + 2 * MINUTE), "bc1qnew"));
    int i = out.evidence().indexOf(FAST);
    assertThat(i).isNotNegative();
    assertThat(out.evidence().value(i, 1)).as("new network").isEqualTo(0.0);
    assertThat(out.evidence().value(i, 2)).as("new client").isEqualTo(1.0);
  }

  @Test
  void aSimSwapThatResetsMfaBeforeCashingOutIsSteppedUp() {
    // Password and MFA passed on the victim's network, the victim's app on a new phone, a few
    // minutes of browsing, an MFA reset, a new address and withdrawals to it.
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    AccessEvent.Builder b =
        Events.owner("swap", t).setUserAgent("VigilExchange-Android/5.2 (Pixel 8)");
    h.score(
        b.setTimestamp(t)
            .setMethod("POST")
            .setPath("/api/v1/login")
            .setAuthMethod(AuthMethod.PASSWORD)
            .build());
    h.score(
        b.setTimestamp(t + 20_000)
            .setMethod("POST")
            .setPath("/api/v1/auth/mfa")
            .setAuthMethod(AuthMethod.MFA)
            .build());
    b.setAuthMethod(AuthMethod.JWT);
    for (int i = 0; i < 6; i++) {
      h.score(
          b.setTimestamp(t + MINUTE + i * 30_000)
              .setMethod("GET")
              .setPath("/api/v1/balance")
              .build());
    }
    h.score(write(b.setTimestamp(t + 5 * MINUTE), "PUT", "/api/v3/account/security/mfa"));
    h.score(whitelist(b.setTimestamp(t + 6 * MINUTE), "bc1qswap"));
    double max = 0;
    for (int i = 0; i < 3; i++) {
      max =
          Math.max(
              max,
              h.score(withdraw(b.setTimestamp(t + (7 + i) * MINUTE), "bc1qswap")).probability());
    }
    assertThat(max).isGreaterThanOrEqualTo(MODEL.policy.stepUpEnter);
  }

  @Test
  void aSimSwapWithoutASecurityChangeAddsTheFastCashOutButStaysBelowStepUp() {
    // The documented limit (models/README.md, "Not yet done"): with MFA passed on the victim's
    // own network, a new phone and a fast cash-out are not enough on their own.
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    AccessEvent.Builder b =
        Events.owner("swap", t).setUserAgent("VigilExchange-Android/5.2 (Pixel 8)");
    h.score(b.setTimestamp(t).setMethod("POST").setPath("/api/v1/login").build());
    h.score(
        b.setTimestamp(t + 20_000)
            .setMethod("POST")
            .setPath("/api/v1/auth/mfa")
            .setAuthMethod(AuthMethod.MFA)
            .build());
    b.setAuthMethod(AuthMethod.JWT);
    for (int i = 0; i < 6; i++) {
      h.score(
          b.setTimestamp(t + MINUTE + i * 30_000)
              .setMethod("GET")
              .setPath("/api/v1/balance")
              .build());
    }
    h.score(whitelist(b.setTimestamp(t + 6 * MINUTE), "bc1qswap"));
    Scored first = h.score(withdraw(b.setTimestamp(t + 7 * MINUTE), "bc1qswap"));
    assertThat(first.evidence().indexOf(FAST)).isNotNegative();
    double max = first.probability();
    for (int i = 1; i < 3; i++) {
      max =
          Math.max(
              max,
              h.score(withdraw(b.setTimestamp(t + (7 + i) * MINUTE), "bc1qswap")).probability());
    }
    assertThat(max).isLessThan(MODEL.policy.stepUpEnter);
  }

  @Test
  void theIntentBlockSurvivesARestoreMidSession() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    h.score(write(Events.owner("restored", t), "PUT", "/api/v3/account/security/email"));
    SessionStateMapper mapper = new SessionStateMapper();
    h.sessions.put("restored", mapper.fromBytes(mapper.toBytes(h.session("restored"))));
    assertThat(
            h.score(withdraw(Events.owner("restored", t + MINUTE), "a"))
                .evidence()
                .indexOf(SECURITY))
        .isNotNegative();
  }

  private static AccessEvent write(AccessEvent.Builder b, String method, String path) {
    return b.setMethod(method).setPath(path).setWithdrawalAddress(null).build();
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
