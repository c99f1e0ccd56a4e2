package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.evidence.EvidenceKind;
import dev.vigil.core.exchange.LiveSignals;
import dev.vigil.core.model.ExchangeSignalSettings;
import dev.vigil.core.model.ModelValidationException;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.policy.EnforcementLevel;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.profile.SessionStateMapper;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import dev.vigil.schema.Outcome;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The exchange job's live signals as evidence (issue 12): a login from a network in a
 * credential-stuffing wave weighs more, once per session and signal, only while the signal lives,
 * and events that meet no signal score exactly as without the table.
 */
class ExchangeSignalEvidenceTest {
  private static final long DAY = 86_400_000L;
  private static final EvidenceCode WAVE = EvidenceCode.EXCHANGE_SIGNAL;

  private static void signal(
      LiveSignals table, SignalKind kind, SignalSubject type, String subject, long expiresAt) {
    Signals.put(table, kind, type, subject, expiresAt);
  }

  /** The term of {@code code} in the scored event, NaN if there is none. */
  private static double llrOf(Scored s, EvidenceCode code) {
    int k = s.evidence().indexOf(code);
    return k < 0 ? Double.NaN : s.evidence().llr(k);
  }

  private static AccessEvent login(String session, long t, boolean success) {
    return Events.attacker(session, t)
        .setMethod("POST")
        .setPath("/api/v1/login")
        .setAuthMethod(AuthMethod.PASSWORD)
        .setMfa(null)
        .setStatus(success ? 200 : 401)
        .setOutcome(success ? Outcome.SUCCESS : Outcome.FAILURE)
        .build();
  }

  @Test
  void aLoginSuccessFromAWavedNetworkCarriesTheStrongestTermOnceInItsSession() {
    SessionHarness h = new SessionHarness();
    ExchangeSignalSettings w = h.model.evidence.exchangeSignals;
    long t = h.trainOwner(30, 10) + DAY;
    LiveSignals table = new LiveSignals(16);
    h.engine.exchangeSignals(table);
    signal(table, SignalKind.LOGIN_WAVE, SignalSubject.NETWORK, "45.77.200.0/24", t + 600_000L);

    Scored s = h.score(login("stuffed", t, true));
    int k = s.evidence().indexOf(WAVE);
    assertThat(k).isNotNegative();
    assertThat(s.evidence().llr(k)).isEqualTo(w.loginWaveSuccessLlr).isEqualTo(6.0);
    assertThat(s.evidence().value(k, 0)).isEqualTo(318);
    assertThat(s.evidence().value(k, 1)).isEqualTo(0.8f);
    assertThat(s.evidence().value(k, 2)).as("a stuffing success").isEqualTo(1);
    System.out.printf(
        "stuffing success from a waved /24: P %.4f, level %s%n",
        s.probability(), EnforcementLevel.values()[h.session("stuffed").level]);

    for (int i = 1; i <= 20; i++) {
      AccessEvent next =
          i == 10
              ? login("stuffed", t + i * 1_000L, true)
              : Events.attacker("stuffed", t + i * 1_000L).build();
      assertThat(h.score(next).evidence().indexOf(WAVE)).as("request %d", i).isNegative();
    }
    // Another session from the same network counts the wave for itself.
    assertThat(llrOf(h.score(Events.attacker("other", t + 30_000L).build()), WAVE))
        .isEqualTo(w.loginWaveLlr)
        .isEqualTo(3.0);
  }

  @Test
  void aWaveCountedOnAnOrdinaryRequestAddsOnlyTheRestAtTheSessionsLoginSuccess() {
    SessionHarness h = new SessionHarness();
    ExchangeSignalSettings w = h.model.evidence.exchangeSignals;
    long t = h.trainOwner(30, 10) + DAY;
    LiveSignals table = new LiveSignals(16);
    h.engine.exchangeSignals(table);
    signal(table, SignalKind.LOGIN_WAVE, SignalSubject.AUTONOMOUS_SYSTEM, "AS20473", t + 600_000L);

    assertThat(llrOf(h.score(login("s", t, false)), WAVE)).isEqualTo(w.loginWaveLlr);
    assertThat(h.score(login("s", t + 1_000L, false)).evidence().indexOf(WAVE)).isNegative();
    assertThat(llrOf(h.score(login("s", t + 2_000L, true)), WAVE))
        .isEqualTo(w.loginWaveSuccessLlr - w.loginWaveLlr);
    assertThat(h.score(login("s", t + 3_000L, true)).evidence().indexOf(WAVE)).isNegative();
    assertThat(h.session("s").kindLlr[EvidenceKind.NETWORK.ordinal()])
        .as("the wave is network evidence, so a kill still needs a second kind")
        .isGreaterThanOrEqualTo((float) w.loginWaveSuccessLlr);
    assertThat(WAVE.kind()).isEqualTo(EvidenceKind.NETWORK);
    assertThat(EvidenceCode.EXCHANGE_SIGNAL_ADDRESS.kind()).isEqualTo(EvidenceKind.CASH_OUT);
    assertThat(EvidenceCode.EXCHANGE_SIGNAL_CREDENTIAL.kind()).isEqualTo(EvidenceKind.CONCURRENCY);
    assertThat(EvidenceCode.EXCHANGE_SIGNAL_CLIENT.kind()).isEqualTo(EvidenceKind.DEVICE);
  }

  @Test
  void aWaveOnAClientFingerprintMeetsEveryBuildOfThatClient() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 10) + DAY;
    LiveSignals table = new LiveSignals(16);
    h.engine.exchangeSignals(table);
    // The login-wave detector names the fingerprint without digits and dots (Subjects.client).
    String fingerprint = dev.vigil.core.exchange.Subjects.client("python-requests/2.31");
    assertThat(fingerprint).isEqualTo("python-requests/");
    signal(table, SignalKind.LOGIN_WAVE, SignalSubject.CLIENT, fingerprint, t + 600_000L);

    Scored s =
        h.score(
            Events.attacker("stuffed", t)
                .setUserAgent("python-requests/2.32.3")
                .setMethod("POST")
                .setPath("/api/v1/login")
                .build());

    assertThat(llrOf(s, EvidenceCode.EXCHANGE_SIGNAL_CLIENT))
        .isEqualTo(h.model.evidence.exchangeSignals.loginWaveClientLlr);
  }

  @Test
  void anExpiredSignalAddsNoTerm() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 10) + DAY;
    LiveSignals table = new LiveSignals(16);
    h.engine.exchangeSignals(table);
    signal(table, SignalKind.LOGIN_WAVE, SignalSubject.NETWORK, "45.77.200.0/24", t);
    assertThat(h.score(login("late", t, true)).evidence().indexOf(WAVE)).isNegative();
    assertThat(h.score(login("late", t - 1, true)).evidence().indexOf(WAVE)).isNotNegative();
  }

  @Test
  void sharedAddressesAndCredentialsAreEvidenceAndEndpointVolumeIsNot() {
    SessionHarness h = new SessionHarness();
    ExchangeSignalSettings w = h.model.evidence.exchangeSignals;
    long t = h.trainOwner(30, 10) + DAY;
    LiveSignals table = new LiveSignals(16);
    h.engine.exchangeSignals(table);
    long end = t + 600_000L;
    signal(
        table,
        SignalKind.SHARED_WITHDRAWAL_ADDRESS,
        SignalSubject.WITHDRAWAL_ADDRESS,
        "bc1qmule",
        end);
    signal(table, SignalKind.SHARED_CREDENTIAL, SignalSubject.SESSION, "copied", end);
    // A volume alarm naming the session's network is a rate-limit matter, not compromise.
    signal(table, SignalKind.ENDPOINT_VOLUME, SignalSubject.NETWORK, "81.250.10.0/24", end);

    Scored s = h.score(Events.owner("copied", t).build());
    assertThat(llrOf(s, EvidenceCode.EXCHANGE_SIGNAL_CREDENTIAL)).isEqualTo(w.sharedCredentialLlr);
    assertThat(s.evidence().indexOf(WAVE)).isNegative();
    Scored pay =
        h.score(
            Events.owner("copied", t + 1_000L)
                .setMethod("POST")
                .setPath("/api/v1/withdraw")
                .setWithdrawalAddress("bc1qmule")
                .build());
    assertThat(llrOf(pay, EvidenceCode.EXCHANGE_SIGNAL_ADDRESS))
        .isEqualTo(w.sharedWithdrawalAddressLlr);
    assertThat(pay.evidence().indexOf(EvidenceCode.EXCHANGE_SIGNAL_CREDENTIAL)).isNegative();
  }

  @Test
  void eventsMeetingNoSignalScoreExactlyAsWithoutTheTable() {
    SessionHarness plain = new SessionHarness();
    SessionHarness with = new SessionHarness();
    LiveSignals table = new LiveSignals(16);
    long t = plain.trainOwner(30, 10) + DAY;
    with.trainOwner(30, 10);
    with.engine.exchangeSignals(table);
    signal(table, SignalKind.LOGIN_WAVE, SignalSubject.NETWORK, "198.51.100.0/24", t + DAY);
    for (int i = 0; i < 50; i++) {
      AccessEvent e =
          i % 2 == 0
              ? Events.attacker("a", t + i * 1_000L).build()
              : login("a", t + i * 1_000L, true);
      assertThat(with.score(e).probability()).isEqualTo(plain.score(e).probability());
    }
    assertThat(with.session("a").scoredSignals).isZero();
  }

  @Test
  void scoringAgainstALiveTableAllocatesNothingPerEvent() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + DAY;
    LiveSignals table = new LiveSignals(1_024);
    h.engine.exchangeSignals(table);
    signal(table, SignalKind.LOGIN_WAVE, SignalSubject.NETWORK, "45.77.200.0/24", t + DAY);
    signal(table, SignalKind.SHARED_CREDENTIAL, SignalSubject.SESSION, "someone-else", t + DAY);
    AccessEvent[] events = new AccessEvent[2_000];
    for (int i = 0; i < events.length; i++) {
      events[i] = Events.attacker("alloc", t + i * 1_000L).build();
    }
    for (int round = 0; round < 20; round++) {
      h.sessions.put("alloc", new SessionState());
      for (AccessEvent e : events) {
        h.score(e);
      }
    }
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    SessionState s = new SessionState();
    long before = mx.getThreadAllocatedBytes(id);
    for (AccessEvent e : events) {
      h.engine.score(h.account("acct-1"), s, e, h.model, h.scored);
    }
    long perEvent = (mx.getThreadAllocatedBytes(id) - before) / events.length;
    assertThat(perEvent).isLessThan(16);
  }

  @Test
  void aModelFileWithoutTheSectionLoadsTheDefaultsAndABadOneIsRefused() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode doc;
    try (InputStream in =
        RiskModelLoader.class.getResourceAsStream(RiskModelLoader.DEFAULT_RESOURCE)) {
      doc = (ObjectNode) json.readTree(in);
    }
    ObjectNode evidence = (ObjectNode) doc.get("evidence");
    evidence.remove("exchangeSignals");
    RiskModel old = RiskModelLoader.parse(json.writeValueAsBytes(doc));
    assertThat(old.evidence.exchangeSignals).isSameAs(ExchangeSignalSettings.DEFAULTS);
    assertThat(old.evidence.exchangeSignals.loginWaveSuccessLlr).isEqualTo(6.0);

    evidence.putObject("exchangeSignals").put("loginWaveLlr", 4.0).put("loginWaveSuccessLlr", 3.0);
    assertThatThrownBy(() -> RiskModelLoader.parse(json.writeValueAsBytes(doc)))
        .isInstanceOf(ModelValidationException.class)
        .hasMessageContaining("evidence.exchangeSignals.loginWaveSuccessLlr");
    evidence.putObject("exchangeSignals").put("sharedCredentialLlr", 21);
    assertThatThrownBy(() -> RiskModelLoader.parse(json.writeValueAsBytes(doc)))
        .isInstanceOf(ModelValidationException.class)
        .hasMessageContaining("evidence.exchangeSignals.sharedCredentialLlr");
  }

  @Test
  void versionSevenBytesKeepTheExchangeSignalsTheSessionCounted() throws IOException {
    SessionStateMapper mapper = new SessionStateMapper();
    try (InputStream in = getClass().getResourceAsStream("/state/session-state-v7.bin")) {
      byte[] v7 = in.readAllBytes();
      SessionState s = mapper.fromBytes(v7);
      // The fixture (StateFixtureWriter.main): the version 6 session, then a large order, while a
      // wave
      // is live on its AS.
      // The wave on its AS: bit 1 (ExchangeEvidence's feature order).
      assertThat(s.scoredSignals).isEqualTo(1 << 1);
      assertThat(s.outcomeCount).isEqualTo(2);
      assertThat(mapper.toBytes(s)).isEqualTo(v7);
    }
  }

  @Test
  void theCountedSignalsSurviveTheSessionsBytesAndVersionSixBytesReadAsNoneCounted()
      throws IOException {
    SessionStateMapper mapper = new SessionStateMapper();
    SessionState s = new SessionState();
    s.scoredSignals = 0x61;
    s.notionalPeakZ = 12.345f;
    SessionState back = mapper.fromBytes(mapper.toBytes(s));
    assertThat(back.scoredSignals).isEqualTo(0x61);
    assertThat(back.notionalPeakZ).isEqualTo(12.345f);
    assertThat(mapper.toBytes(back)).isEqualTo(mapper.toBytes(s));
    try (InputStream in = getClass().getResourceAsStream("/state/session-state-v6.bin")) {
      byte[] v6 = in.readAllBytes();
      SessionState restored = mapper.fromBytes(v6);
      assertThat(restored.scoredSignals).isZero();
      assertThat(restored.events).isPositive();
    }
  }
}
