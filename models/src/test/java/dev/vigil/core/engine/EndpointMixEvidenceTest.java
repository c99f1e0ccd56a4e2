package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.evidence.EvidenceBuffer;
import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.model.EndpointRole;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The endpoint-mix test: an owner who pages his own history is left alone, a key that never paged
 * history and now pages it from elsewhere accumulates evidence request by request, up to the
 * session cap, and is stepped up with the network evidence it comes with.
 */
class EndpointMixEvidenceTest {
  private static final long DAY = 86_400_000L;
  private static final RiskModel MODEL = RiskModelLoader.defaults();
  private static final EvidenceCode MIX = EvidenceCode.ENDPOINT_MIX;

  @Test
  void anOwnerWhoRegularlyPagesHisHistoryIsNotFlaggedForPagingIt() {
    SessionHarness h = new SessionHarness();
    long t = train(h, "/api/v3/orders/history", 30);
    Run run = page(h, Events.owner("paging", t), 100);
    assertThat(run.mix).isLessThan(1.0);
    assertThat(run.maxProbability).isLessThan(MODEL.policy.stepUpEnter);
  }

  @Test
  void aKeyThatNeverPagedHistoryAccumulatesToTheSessionCapRequestByRequest() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    Run run = page(h, Events.owner("scrape", t), 100);
    assertThat(run.maxPerRequest).isLessThanOrEqualTo(MODEL.evidence.intent.mixMaxLlrPerRequest);
    assertThat(run.mix).isCloseTo(MODEL.evidence.intent.mixMaxLlrPerSession, within());
    assertThat(run.requestsToCap)
        .as("the cap needs several requests")
        .isGreaterThanOrEqualTo(
            (int)
                Math.ceil(
                    MODEL.evidence.intent.mixMaxLlrPerSession
                        / MODEL.evidence.intent.mixMaxLlrPerRequest));
    // The owner's own network and client: the mix alone does not step up (the cap is below the
    // 7 nats from the prior to the step-up threshold).
    assertThat(run.maxProbability).isLessThan(MODEL.policy.stepUpEnter);
  }

  @Test
  void aLeakedReadKeyPagingHistoryFromAForeignCloudIsSteppedUpOnlyWithTheMixTerm()
      throws Exception {
    RiskModel off = withMix(false);
    Run without = leakedKeyPagesHistory(new SessionHarness(off));
    Run with = leakedKeyPagesHistory(new SessionHarness(MODEL));
    assertThat(without.mix).isZero();
    assertThat(without.maxProbability).isLessThan(MODEL.policy.stepUpEnter);
    assertThat(with.mix).isCloseTo(MODEL.evidence.intent.mixMaxLlrPerSession, within());
    assertThat(with.maxProbability).isGreaterThanOrEqualTo(MODEL.policy.stepUpEnter);
  }

  @Test
  void aNewAccountIsMeasuredAgainstTheExchangesMix() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    // A new account doing what the exchange does (balance, orders, prices) adds little; paging
    // history, which nobody here does, adds up.
    double usual = 0;
    for (int i = 0; i < 60; i++) {
      String path =
          i % 3 == 0 ? "/api/v1/balance" : (i % 3 == 1 ? "/api/v1/orders" : "/api/v1/ticker");
      usual += mix(h.score(newAccount("n1", t + i * 20_000L).setPath(path).build()).evidence());
    }
    Run history = page(h, newAccount("n2", t), 60);
    assertThat(usual).isLessThan(1.0);
    assertThat(history.mix).isCloseTo(MODEL.evidence.intent.mixMaxLlrPerSession, within());
  }

  @Test
  void theReasonNamesTheRoleAndTheCounts() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    Scored s = null;
    for (int i = 0; i < 3; i++) {
      s = h.score(history(Events.owner("words", t + i * 1_000L)));
    }
    int i = s.evidence().indexOf(MIX);
    assertThat(i).isNotNegative();
    assertThat(EndpointRole.byOrdinal((int) s.evidence().value(i, 0)))
        .isEqualTo(EndpointRole.HISTORY);
    assertThat(s.evidence().value(i, 1)).isEqualTo(3.0);
    assertThat(s.evidence().value(i, 2)).isZero();
    var reason =
        CommandFactory.reason(
            MIX,
            s.evidence().llr(i),
            s.evidence().value(i, 0),
            s.evidence().value(i, 1),
            s.evidence().value(i, 2));
    assertThat(reason.getText()).contains("history requests, 3 of them");
    assertThat(reason.getValues()).containsEntry("role", "history");
  }

  @Test
  void aModelFileWithoutTheTermKeepsItsOldBehaviour() throws Exception {
    RiskModel old =
        RiskModelLoader.parse(
            getClass().getResourceAsStream("/model/vigil-default-2.json").readAllBytes());
    SessionHarness h = new SessionHarness(old);
    long t = h.trainOwner(30, 30) + DAY;
    assertThat(page(h, Events.owner("old", t), 50).mix).isZero();
  }

  private static Run leakedKeyPagesHistory(SessionHarness h) {
    long t = Events.T0;
    for (int d = 0; d < 30; d++) {
      long start = Events.T0 + d * DAY + 9 * 3_600_000L;
      for (int i = 0; i < 30; i++) {
        t = start + i * 20_000L;
        h.score(
            signed(Events.owner("bot-" + d, t))
                .setMethod(i % 2 == 0 ? "POST" : "GET")
                .setPath(i % 2 == 0 ? "/api/v3/orders" : "/api/v3/account/balances")
                .build());
      }
    }
    // The same key, from a cloud host abroad and the thief's own script, paging the history.
    AccessEvent.Builder thief =
        signed(Events.attacker("leak", t + DAY))
            .setUserAgent("python-requests/2.31")
            .setSourceIp("3.120.15.7")
            .setAsNumber(16509L)
            .setAsOrganization("Amazon")
            .setCountry("DE")
            .setLatitude(50.11)
            .setLongitude(8.68);
    return page(h, thief, 120);
  }

  private static AccessEvent.Builder signed(AccessEvent.Builder b) {
    return b.setAuthMethod(AuthMethod.HMAC)
        .setApiKeyId("key-read-1")
        .setUserAgent("ccxt/4.2")
        .setMfa(false);
  }

  private static AccessEvent.Builder newAccount(String session, long t) {
    return Events.owner(session, t).setAccountId("acct-" + session);
  }

  private static AccessEvent history(AccessEvent.Builder b) {
    return b.setMethod("GET").setPath("/api/v3/orders/history").build();
  }

  /** Trains acct-1 with sessions in which every third request pages {@code historyPath}. */
  private static long train(SessionHarness h, String historyPath, int days) {
    long t = Events.T0;
    for (int d = 0; d < days; d++) {
      long start = Events.T0 + d * DAY + 9 * 3_600_000L;
      for (int i = 0; i < 30; i++) {
        t = start + i * 20_000L;
        String path = i % 3 == 0 ? historyPath : (i % 3 == 1 ? "/api/v1/orders" : "/api/v1/ticker");
        h.score(Events.owner("owner-" + d, t).setPath(path).build());
      }
    }
    return t + DAY;
  }

  /** Sends {@code n} history pages, one every 2 s, starting at the builder's time. */
  private static Run page(SessionHarness h, AccessEvent.Builder b, int n) {
    long t0 = b.getTimestamp();
    Run run = new Run();
    for (int i = 0; i < n; i++) {
      long t = t0 + i * 2_000L;
      Scored s =
          h.score(
              b.setTimestamp(t)
                  .setEventId(b.getSessionId() + "-" + t)
                  .setMethod("GET")
                  .setPath(i % 2 == 0 ? "/api/v3/account/trades" : "/api/v3/orders/history")
                  .build());
      double m = mix(s.evidence());
      run.mix += m;
      run.maxPerRequest = Math.max(run.maxPerRequest, m);
      run.maxProbability = Math.max(run.maxProbability, s.probability());
      if (run.requestsToCap == 0 && run.mix >= MODEL.evidence.intent.mixMaxLlrPerSession - 1e-6) {
        run.requestsToCap = i + 1;
      }
    }
    return run;
  }

  private static double mix(EvidenceBuffer ev) {
    int i = ev.indexOf(MIX);
    return i < 0 ? 0.0 : ev.llr(i);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-5);
  }

  private static RiskModel withMix(boolean on) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode tree =
        (ObjectNode) json.readTree(Files.readAllBytes(Path.of("artifacts/vigil-model.json")));
    ((ObjectNode) tree.get("features")).put("endpointMix", on);
    return RiskModelLoader.parse(json.writeValueAsBytes(tree));
  }

  private static final class Run {
    double mix;
    double maxPerRequest;
    double maxProbability;
    int requestsToCap;
  }
}
