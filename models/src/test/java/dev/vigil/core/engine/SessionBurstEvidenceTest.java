package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.evidence.EvidenceKind;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.AccountProfileMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The session-burst term: a burst of new sessions on one account is evidence, scored once at each
 * new session's first request, capped, off in model files written before it, and its count survives
 * the account profile's serialised form (version 3; version 2 bytes read as no burst).
 */
class SessionBurstEvidenceTest {
  private static final long DAY = 86_400_000L;
  private static final EvidenceCode BURST = EvidenceCode.SESSION_BURST;

  @Test
  void aBurstOfNewSessionsIsEvidenceAboveTheAllowanceOnlyAndCapped() {
    RiskModel model = RiskModelLoader.defaults();
    assertThat(model.features.sessionBurst).isTrue();
    RiskModel.Evidence ev = model.evidence;
    SessionHarness h = new SessionHarness(model);
    long t = h.trainOwner(30, 10) + DAY;

    int firstWithTerm = -1;
    double lastLlr = 0;
    for (int i = 0; i < 200; i++) {
      Scored s = h.score(Events.owner("minted-" + i, t + i * 1_000L).build());
      int k = s.evidence().indexOf(BURST);
      if (k >= 0) {
        if (firstWithTerm < 0) {
          firstWithTerm = i;
        }
        lastLlr = s.evidence().llr(k);
        assertThat(s.evidence().value(k, 0)).isGreaterThan(ev.sessionBurstAllowance);
        assertThat(s.evidence().value(k, 2)).isEqualTo(ev.sessionBurstAllowance);
      }
      // A second request of the same session does not count it again.
      Scored again = h.score(Events.owner("minted-" + i, t + i * 1_000L + 500).build());
      assertThat(again.evidence().indexOf(BURST)).isNegative();
    }
    System.out.printf(
        "session burst: first scored at new session %d of 200 (one a second), last %.2f nats%n",
        firstWithTerm + 1, lastLlr);
    // The owner's 30 training sessions, a day apart, have decayed away: the 21st new session in
    // 20 s is the first above the allowance of 20.
    assertThat(firstWithTerm).isEqualTo(20);
    assertThat(lastLlr).isEqualTo(ev.sessionBurstMaxLlr);
    assertThat(BURST.kind()).isEqualTo(EvidenceKind.CREDENTIAL);
  }

  @Test
  void anOwnersEverydaySessionsNeverCarryTheTerm() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 10) + DAY;
    // Ten sessions an hour (web, phone, a bot reconnecting) for a day.
    for (int i = 0; i < 240; i++) {
      Scored s = h.score(Events.owner("daily-" + i, t + i * 360_000L).build());
      assertThat(s.evidence().indexOf(BURST)).as("session %d", i).isNegative();
    }
  }

  @Test
  void aModelFileWithoutTheTermLoadsWithItOffAndTheDocumentedDefaults() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root;
    try (InputStream in =
        RiskModelLoader.class.getResourceAsStream(RiskModelLoader.DEFAULT_RESOURCE)) {
      root = (ObjectNode) json.readTree(in);
    }
    ((ObjectNode) root.get("features")).remove("sessionBurst");
    ((ObjectNode) root.get("evidence")).remove("sessionBurst");
    root.put("modelVersion", "vigil-default-5");
    RiskModel old = RiskModelLoader.parse(json.writeValueAsBytes(root));
    assertThat(old.features.sessionBurst).isFalse();
    assertThat(old.evidence.sessionBurstAllowance).isEqualTo(20);
    assertThat(old.evidence.sessionBurstHalfLifeSeconds).isEqualTo(600);

    SessionHarness h = new SessionHarness(old);
    long t = h.trainOwner(30, 10) + DAY;
    for (int i = 0; i < 100; i++) {
      assertThat(h.score(Events.owner("m-" + i, t + i).build()).evidence().indexOf(BURST))
          .isNegative();
    }
  }

  @Test
  void theCountOfNewSessionsIsKeptInTheProfilesVersion3AndAbsentFromVersion2() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(3, 5);
    AccountProfile p = h.account("acct-1");
    assertThat(p.newSessions).isPositive();
    assertThat(p.newSessionsAtMillis).isLessThanOrEqualTo(t);

    AccountProfileMapper mapper = new AccountProfileMapper();
    byte[] v3 = mapper.toBytes(p);
    AccountProfile back = mapper.fromBytes(v3);
    assertThat(back.newSessions).isEqualTo(p.newSessions);
    assertThat(back.newSessionsAtMillis).isEqualTo(p.newSessionsAtMillis);
    assertThat(v3.length).isLessThanOrEqualTo(AccountProfileMapper.MAX_BYTES);

    // Version 3 only appends: the same bytes without them, marked version 2, are a v2 profile.
    byte[] v2 = Arrays.copyOf(v3, v3.length - 12);
    v2[0] = 2;
    AccountProfile old = mapper.fromBytes(v2);
    assertThat(old.newSessions).isZero();
    assertThat(old.newSessionsAtMillis).isZero();
    assertThat(old.sessionsLearned).isEqualTo(p.sessionsLearned);
  }
}
