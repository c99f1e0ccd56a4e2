package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@code mfa_passed}: a passed second factor is evidence for the owner, less so from a network new
 * to the account, where a phishing proxy or a swapped SIM passes it too.
 */
class MfaPassedEvidenceTest {
  private static final long DAY = 86_400_000L;

  /** Five days of the owner at home, one session a day, then a login that passes MFA. */
  private static double mfaLlr(SessionHarness h, UnaryOperator<AccessEvent.Builder> where) {
    for (int d = 0; d < 5; d++) {
      for (int i = 0; i < 20; i++) {
        h.score(Events.owner("day-" + d, Events.T0 + d * DAY + i * 30_000L).build());
      }
    }
    long t = Events.T0 + 5 * DAY;
    h.score(where.apply(Events.owner("login", t).setAuthMethod(AuthMethod.PASSWORD)).build());
    TravelAndConcurrencyEvidenceTest.Tally tally = new TravelAndConcurrencyEvidenceTest.Tally();
    tally.add(
        h.score(
            where
                .apply(
                    Events.owner("login", t + 5_000L)
                        .setAuthMethod(AuthMethod.MFA)
                        .setPath("/api/v1/auth/mfa"))
                .build()));
    assertThat(tally.count(EvidenceCode.MFA_PASSED)).isEqualTo(1);
    return tally.llr(EvidenceCode.MFA_PASSED);
  }

  /** A mobile carrier of the owner's country the account never used. */
  private static AccessEvent.Builder newCarrier(AccessEvent.Builder e) {
    return e.setSourceIp("37.170.4.9").setAsNumber(51207L).setAsOrganization("Free Mobile");
  }

  @Test
  void aPassAtHomeWeighsTheFullMfaTerm() {
    SessionHarness h = new SessionHarness();
    assertThat(mfaLlr(h, e -> e)).isEqualTo(h.model.evidence.mfaPassedLlr);
  }

  @Test
  void aPassFromANetworkNewToTheAccountWeighsLessWhenTheModelSetsIt() throws Exception {
    String json =
        new String(
                MfaPassedEvidenceTest.class
                    .getResourceAsStream(RiskModelLoader.DEFAULT_RESOURCE)
                    .readAllBytes(),
                StandardCharsets.UTF_8)
            .replace(
                "\"mfaPassedLlr\": -3.0,",
                "\"mfaPassedLlr\": -3.0, \"mfaPassedFreshNetworkLlr\": -0.66,");
    assertThat(json).contains("mfaPassedFreshNetworkLlr");
    SessionHarness h = new SessionHarness(RiskModelLoader.parse(json));
    assertThat(h.model.evidence.mfaPassedFreshNetworkLlr).isEqualTo(-0.66);
    assertThat(mfaLlr(h, MfaPassedEvidenceTest::newCarrier)).isEqualTo(-0.66);
  }

  @Test
  void theDefaultModelKeepsTheFullTermOnANewNetwork() {
    SessionHarness h = new SessionHarness();
    assertThat(h.model.evidence.mfaPassedFreshNetworkLlr).isEqualTo(h.model.evidence.mfaPassedLlr);
    assertThat(mfaLlr(h, MfaPassedEvidenceTest::newCarrier))
        .isEqualTo(h.model.evidence.mfaPassedLlr);
  }
}
