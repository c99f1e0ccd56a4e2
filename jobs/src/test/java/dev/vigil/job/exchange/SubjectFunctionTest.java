package dev.vigil.job.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.exchange.ExchangeSettings;
import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The exchange job's three keyed operators on Flink's keyed test harness: what each emits, and that
 * a subject's state and its timer are gone once it has been idle for its memory.
 */
class SubjectFunctionTest {
  private static final ExchangeSettings S = ExchangeSettings.DEFAULTS;
  private static final long T0 = 1_764_000_000_000L;
  private static final long MINUTE = 60_000L;
  private static final long DAY = 86_400_000L;

  private static KeyedOneInputStreamOperatorTestHarness<String, SubjectEvent, ExchangeSignal>
      harness(KeyedProcessFunction<String, SubjectEvent, ExchangeSignal> fn) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, SubjectEvent, ExchangeSignal> h =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(fn, e -> e.key, Types.STRING);
    h.setProcessingTime(T0 + 123);
    return h;
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, SubjectEvent, ExchangeSignal> h,
      SubjectEvent e)
      throws Exception {
    h.processElement(e, e.timeMillis);
  }

  @Test
  void aStuffingWaveFromOneNetworkIsOneSignalAndItsStateGoesAWindowAfterTheLastLogin()
      throws Exception {
    try (var h = harness(SubjectFunction.loginWaves(S))) {
      for (int i = 0; i < 100; i++) {
        send(
            h,
            new SubjectEvent(
                SignalSubject.NETWORK, "203.0.113.0/24", "victim-" + i, T0 + i * 1_000L, true));
      }
      // A NAT next door: many accounts, no failures.
      for (int i = 0; i < 100; i++) {
        send(
            h,
            new SubjectEvent(
                SignalSubject.NETWORK, "198.51.100.0/24", "user-" + i, T0 + i * 1_000L, false));
      }
      List<ExchangeSignal> out = h.extractOutputValues();
      assertThat(out).hasSize(1);
      assertThat(out.get(0).getKind()).isEqualTo(SignalKind.LOGIN_WAVE);
      assertThat(out.get(0).getSubject()).isEqualTo("203.0.113.0/24");
      assertThat(out.get(0).getIssuedAt()).isEqualTo(T0 + 123);
      assertThat(h.numKeyedStateEntries()).isEqualTo(2);
      assertThat(h.numEventTimeTimers()).isEqualTo(2);

      // The first timer (10 min after the first login) finds logins after it: set again.
      h.processWatermark(T0 + 10 * MINUTE);
      assertThat(h.numKeyedStateEntries()).isEqualTo(2);
      assertThat(h.numEventTimeTimers()).isEqualTo(2);
      h.processWatermark(T0 + 99_000 + 10 * MINUTE);
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(h.extractOutputValues()).hasSize(1);
    }
  }

  @Test
  void anAddressOfThreeAccountsIsOneSignalAndIsForgottenThirtyDaysAfterItsLastUse()
      throws Exception {
    try (var h = harness(SubjectFunction.sharedAddresses(S))) {
      String[] accounts = {"alice", "alice", "bob", "carol", "carol"};
      for (int i = 0; i < accounts.length; i++) {
        send(
            h,
            new SubjectEvent(
                SignalSubject.WITHDRAWAL_ADDRESS, "bc1qmule", accounts[i], T0 + i * DAY, false));
      }
      List<ExchangeSignal> out = h.extractOutputValues();
      assertThat(out).hasSize(1);
      assertThat(out.get(0).getKind()).isEqualTo(SignalKind.SHARED_WITHDRAWAL_ADDRESS);
      assertThat(out.get(0).getAccounts()).isEqualTo(3);
      assertThat(out.get(0).getWindowEnd()).isEqualTo(T0 + 3 * DAY);
      h.processWatermark(T0 + 4 * DAY + 30 * DAY - 1);
      assertThat(h.numKeyedStateEntries()).isEqualTo(1);
      assertThat(h.numEventTimeTimers()).isEqualTo(1);
      h.processWatermark(T0 + 4 * DAY + 30 * DAY);
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void aSessionPresentedByASecondAccountIsOneSignalAndKeysOfOneOwnerAreNot() throws Exception {
    try (var h = harness(SubjectFunction.sharedCredentials(S))) {
      for (int i = 0; i < 50; i++) {
        send(h, new SubjectEvent(SignalSubject.API_KEY, "key-1", "bot", T0 + i * MINUTE, false));
        send(
            h,
            new SubjectEvent(
                SignalSubject.SESSION, "s-1", i < 40 ? "owner" : "other", T0 + i * MINUTE, false));
      }
      List<ExchangeSignal> out = h.extractOutputValues();
      assertThat(out).hasSize(1);
      assertThat(out.get(0).getKind()).isEqualTo(SignalKind.SHARED_CREDENTIAL);
      assertThat(out.get(0).getSubjectType()).isEqualTo(SignalSubject.SESSION);
      assertThat(out.get(0).getSampleAccounts()).containsExactly("owner", "other");
      assertThat(out.get(0).getWindowEnd()).isEqualTo(T0 + 40 * MINUTE);
      h.processWatermark(T0 + 49 * MINUTE + DAY);
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }
}
