package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.Events;
import dev.vigil.core.exchange.LiveSignals;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.Outcome;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The exchange job's signals on the session risk operator's broadcast input (issue 12): a signal
 * makes the next login from its network carry {@code exchange_signal}, survives a restore, and
 * leaves the broadcast state once expired.
 */
class ExchangeSignalsTest {
  private static final long MINUTE = 60_000L;

  /** Not yet opened, so that it can be restored (as in KillRateBreakerRestoreTest). */
  private static KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand>
      harness() throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(
            new SessionRiskFunction(
                RiskHarness.settings(), SessionRiskFunctionTest.defaultModelJson()),
            List.of(SessionRiskFunction.MODELS)),
        RiskInput::accountId,
        Types.STRING,
        128,
        1,
        0);
  }

  static ExchangeSignal wave(String network, long windowEnd, long expiresAt) {
    return ExchangeSignal.newBuilder()
        .setSignalId("wave-" + network + "-" + windowEnd)
        .setKind(SignalKind.LOGIN_WAVE)
        .setSubjectType(SignalSubject.NETWORK)
        .setSubject(network)
        .setWindowStart(windowEnd - 10 * MINUTE)
        .setWindowEnd(windowEnd)
        .setIssuedAt(windowEnd)
        .setExpiresAt(expiresAt)
        .setAccounts(318)
        .setFailures(412)
        .setScore(0.8)
        .setBasis("412 failed logins for 318 accounts in 10 min (threshold 50 accounts)")
        .build();
  }

  /** The signal as the Kafka source delivers it: single-object bytes through the deserializer. */
  static ModelUpdate broadcast(ExchangeSignal s) throws Exception {
    ByteBuffer body = ExchangeSignal.getEncoder().encode(s);
    byte[] value = new byte[body.remaining()];
    body.get(value);
    List<ModelUpdate> out = new ArrayList<>();
    new SignalUpdateDeserializer()
        .deserialize(
            new ConsumerRecord<>("vigil.signals", 0, 0L, null, value),
            new org.apache.flink.util.Collector<>() {
              @Override
              public void collect(ModelUpdate record) {
                out.add(record);
              }

              @Override
              public void close() {}
            });
    return out.isEmpty() ? null : out.get(0);
  }

  private static AccessEvent login(String session, long t) {
    return login(session, t, "45.77.200.9");
  }

  private static AccessEvent login(String session, long t, String ip) {
    return Events.attacker(session, t)
        .setSourceIp(ip)
        .setMethod("POST")
        .setPath("/api/v1/login")
        .setAuthMethod(AuthMethod.PASSWORD)
        .setMfa(null)
        .setStatus(200)
        .setOutcome(Outcome.SUCCESS)
        .build();
  }

  private static List<String> evidenceOf(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h,
      String session) {
    return SessionRiskFunctionTest.values(h.getSideOutput(SessionRiskFunction.DECISIONS)).stream()
        .filter(d -> d.getSessionId().toString().equals(session))
        .map(RiskDecision::getEvidence)
        .flatMap(List::stream)
        .map(r -> r.getCode().toString())
        .toList();
  }

  private static int signalEntries(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h)
      throws Exception {
    int n = 0;
    for (Map.Entry<String, byte[]> e :
        h.getBroadcastState(SessionRiskFunction.MODELS).immutableEntries()) {
      n += e.getKey().startsWith(ExchangeSignals.PREFIX) ? 1 : 0;
    }
    return n;
  }

  @Test
  void aSignalOnTheBroadcastInputMakesTheNextLoginFromThatNetworkCarryExchangeSignal()
      throws Exception {
    try (var h = harness()) {
      h.open();
      long t = RiskHarness.trainOwner(h) + RiskHarness.DAY;
      RiskHarness.process(h, login("before", t));
      assertThat(evidenceOf(h, "before")).doesNotContain("exchange_signal");

      h.processBroadcastElement(broadcast(wave("45.77.200.0/24", t, t + 30 * MINUTE)), t);
      RiskHarness.process(h, login("stuffed", t + MINUTE));
      assertThat(evidenceOf(h, "stuffed")).containsOnlyOnce("exchange_signal");
      RiskHarness.process(h, Events.attacker("stuffed", t + 2 * MINUTE).build());
      assertThat(evidenceOf(h, "stuffed"))
          .as("once per session")
          .containsOnlyOnce("exchange_signal");
      assertThat(signalEntries(h)).isEqualTo(1);
      // Another /24 gets nothing.
      RiskHarness.process(h, login("elsewhere", t + MINUTE, "45.77.201.9"));
      assertThat(evidenceOf(h, "elsewhere")).doesNotContain("exchange_signal");
    }
  }

  @Test
  void aRestoredOperatorKeepsTheLiveSignalsAndExpiredOnesLeaveTheBroadcastState() throws Exception {
    OperatorSubtaskState snapshot;
    long t;
    try (var h = harness()) {
      h.open();
      t = RiskHarness.trainOwner(h) + RiskHarness.DAY;
      h.processBroadcastElement(broadcast(wave("45.77.200.0/24", t, t + 30 * MINUTE)), t);
      h.processBroadcastElement(broadcast(wave("2001:db8:1::/48", t, t + 5 * MINUTE)), t);
      assertThat(signalEntries(h)).as("the /24, and the /48 under both spellings").isEqualTo(3);
      snapshot = h.snapshot(1, t);
    }
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      RiskHarness.process(h, login("stuffed", t + MINUTE));
      assertThat(evidenceOf(h, "stuffed")).containsOnlyOnce("exchange_signal");
      RiskHarness.process(h, login("v6", t + MINUTE, "2001:db8:1:5::1"));
      assertThat(evidenceOf(h, "v6")).containsOnlyOnce("exchange_signal");
      // A signal 10 minutes on sweeps the /48's, expired at 5: its two entries leave the state.
      h.processBroadcastElement(
          broadcast(wave("198.51.100.0/24", t + 10 * MINUTE, t + RiskHarness.HOUR)), t);
      assertThat(signalEntries(h)).isEqualTo(2);
      RiskHarness.process(h, login("v6-late", t + 11 * MINUTE, "2001:db8:1::7"));
      assertThat(evidenceOf(h, "v6-late")).doesNotContain("exchange_signal");
      // A signal that arrives already expired is not kept.
      h.processBroadcastElement(broadcast(wave("203.0.113.0/24", t + 12 * MINUTE, t + MINUTE)), t);
      assertThat(signalEntries(h)).isEqualTo(2);
    }
  }

  @Test
  void onlySignalsThatAreEvidenceReachTheBroadcast() throws Exception {
    long t = 1_767_225_600_000L;
    assertThat(broadcast(wave("45.77.200.0/24", t, t + MINUTE)).signal.keys).hasSize(1);
    ExchangeSignal volume =
        ExchangeSignal.newBuilder(wave("45.77.200.0/24", t, t + MINUTE))
            .setKind(SignalKind.ENDPOINT_VOLUME)
            .build();
    assertThat(broadcast(volume)).as("volume is not compromise").isNull();
    ExchangeSignal endpoint =
        ExchangeSignal.newBuilder(wave("GET /api/v3/order", t, t + MINUTE))
            .setKind(SignalKind.SHARED_CREDENTIAL)
            .setSubjectType(SignalSubject.ENDPOINT)
            .build();
    assertThat(broadcast(endpoint)).isNull();
    List<ModelUpdate> out = new ArrayList<>();
    SignalUpdateDeserializer d = new SignalUpdateDeserializer();
    d.deserialize(
        new ConsumerRecord<>("vigil.signals", 0, 0L, null, new byte[] {1, 2, 3}),
        new org.apache.flink.util.Collector<>() {
          @Override
          public void collect(ModelUpdate record) {
            out.add(record);
          }

          @Override
          public void close() {}
        });
    assertThat(out).isEmpty();
    assertThat(d.dropped()).isEqualTo(1);
    assertThat(LiveSignals.DEFAULT_MAX_ENTRIES).isEqualTo(65_536);
  }
}
