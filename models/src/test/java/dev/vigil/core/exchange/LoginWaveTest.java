package dev.vigil.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.sketch.Hashing;
import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LoginWaveTest {
  private static final ExchangeSettings S = ExchangeSettings.DEFAULTS;

  /** A half-window boundary (10-minute window: 5-minute halves). */
  private static final long T0 = 1_764_000_000_000L;

  private final List<ExchangeSignal> signals = new ArrayList<>();

  private void login(LoginWave w, long t, String account, boolean failed, String subject) {
    ExchangeSignal s =
        w.update(S, t, account, Hashing.of(account), failed, SignalSubject.NETWORK, subject);
    if (s != null) {
      signals.add(s);
    }
  }

  @Test
  void threeHundredFailedLoginsOverTwoHundredFiftyAccountsFromOneNetworkRaiseOneWave() {
    SplittableRandom rng = new SplittableRandom(12);
    LoginWave w = new LoginWave();
    for (int i = 0; i < 300; i++) {
      String account = "victim-" + (i < 250 ? i : rng.nextInt(250));
      login(w, T0 + i * 1_000L, account, true, "203.0.113.0/24");
    }
    assertThat(signals).hasSize(1);
    ExchangeSignal s = signals.get(0);
    assertThat(s.getKind()).isEqualTo(SignalKind.LOGIN_WAVE);
    assertThat(s.getSubjectType()).isEqualTo(SignalSubject.NETWORK);
    assertThat(s.getSubject()).isEqualTo("203.0.113.0/24");
    // Raised at the 20th failed account, which linear counting reads as 20.8 (rounded: 21).
    assertThat(s.getFailures()).isEqualTo(20);
    assertThat(s.getAccounts()).isEqualTo(21);
    assertThat(s.getSuccesses()).isZero();
    assertThat(s.getWindowStart()).isEqualTo(T0);
    assertThat(s.getWindowEnd()).isEqualTo(T0 + 19_000);
    assertThat(s.getExpiresAt()).isEqualTo(T0 + 19_000 + 30 * 60_000);
    assertThat(s.getSampleAccounts()).hasSize(10).contains("victim-19").doesNotContain("victim-0");
    assertThat(s.getScore()).isBetween(0.0, 0.05);
    assertThat(s.getBasis())
        .isEqualTo(
            "20 failed and 0 successful logins for about 21 accounts (21 with a failure) in the"
                + " last 1 min; thresholds 20 accounts with a failure, 50% failed");
  }

  @Test
  void aWaveThatLastsAnHourIsRaisedOncePerWindowWithIdsThatDifferByWindow() {
    LoginWave w = new LoginWave();
    for (int i = 0; i < 3_600; i++) {
      login(w, T0 + i * 1_000L, "victim-" + i, true, "203.0.113.0/24");
    }
    assertThat(signals).hasSize(6);
    assertThat(signals.stream().map(ExchangeSignal::getSignalId).distinct()).hasSize(6);
    // Raised at 0:19, 10:19 ... the last at 50:19 counts 45:00 to 50:19: 320 accounts.
    assertThat(signals.get(5).getWindowEnd()).isEqualTo(T0 + 3_019_000);
    assertThat(signals.get(5).getFailures()).isEqualTo(320);
    assertThat(signals.get(5).getAccounts()).isEqualTo(308); // 3.8 % under: within the error
    assertThat(signals.get(5).getScore()).isBetween(0.93, 0.94); // 1 - 20 / 308
  }

  @Test
  void theSameEventsGiveTheSameSignalIds() {
    List<String> ids = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      signals.clear();
      LoginWave w = new LoginWave();
      for (int i = 0; i < 100; i++) {
        login(w, T0 + i * 1_000L, "victim-" + i, true, "203.0.113.0/24");
      }
      ids.add(signals.get(0).getSignalId());
    }
    assertThat(ids.get(0)).isEqualTo(ids.get(1));
  }

  @Test
  void aNatOfFourHundredUsersOfWhomThirtyMistypeOnceRaisesNothing() {
    SplittableRandom rng = new SplittableRandom(7);
    java.util.TreeMap<Long, String[]> logins = new java.util.TreeMap<>();
    for (int i = 0; i < 400; i++) {
      long t = T0 + rng.nextLong(600_000) * 10;
      if (i < 30) {
        logins.put(t, new String[] {"user-" + i, "failed"});
      }
      logins.put(t + 5, new String[] {"user-" + i, "ok"});
    }
    LoginWave w = new LoginWave();
    logins.forEach((t, l) -> login(w, t, l[0], l[1].equals("failed"), "198.51.100.0/24"));
    assertThat(logins).hasSize(430);
    assertThat(signals).isEmpty();
  }

  @Test
  void aPhoneHoppingCarriersWhileMistypingRaisesNothingOnAnyNetwork() {
    Map<String, LoginWave> byNetwork = new HashMap<>();
    for (int hop = 0; hop < 50; hop++) {
      String network = "100.64." + hop + ".0/24";
      LoginWave w = byNetwork.computeIfAbsent(network, n -> new LoginWave());
      for (int k = 0; k < 3; k++) {
        login(w, T0 + hop * 10_000L + k, "owner", true, network);
      }
      login(w, T0 + hop * 10_000L + 5, "owner", false, network);
    }
    assertThat(signals).isEmpty();
  }

  @Test
  void ordinaryLoginsOfADayFromTwoHundredNetworksRaiseNothing() {
    SplittableRandom rng = new SplittableRandom(3);
    Map<Integer, LoginWave> byNetwork = new HashMap<>();
    long t = T0;
    for (int i = 0; i < 20_000; i++) {
      t += rng.nextLong(8_640);
      int network = rng.nextInt(200);
      LoginWave w = byNetwork.computeIfAbsent(network, n -> new LoginWave());
      login(w, t, "user-" + rng.nextInt(5_000), rng.nextDouble() < 0.05, "net-" + network);
    }
    assertThat(signals).isEmpty();
  }

  @Test
  void failuresSpreadOverMoreThanAWindowDoNotAddUp() {
    LoginWave w = new LoginWave();
    // 15 failed accounts, then 15 more eleven minutes later: never 20 in one window.
    for (int i = 0; i < 15; i++) {
      login(w, T0 + i * 1_000L, "a-" + i, true, "203.0.113.0/24");
    }
    for (int i = 0; i < 15; i++) {
      login(w, T0 + 660_000 + i * 1_000L, "b-" + i, true, "203.0.113.0/24");
    }
    assertThat(signals).isEmpty();
  }

  @Test
  void aWaveResumesFromItsStoredStateAsIfUninterrupted() {
    LoginWave w = new LoginWave();
    for (int i = 0; i < 15; i++) {
      login(w, T0 + i * 1_000L, "victim-" + i, true, "203.0.113.0/24");
    }
    LoginWave restored = LoginWave.MAPPER.fromBytes(LoginWave.MAPPER.toBytes(w));
    assertThat(LoginWave.MAPPER.toBytes(restored)).isEqualTo(LoginWave.MAPPER.toBytes(w));
    for (int i = 15; i < 25; i++) {
      login(restored, T0 + i * 1_000L, "victim-" + i, true, "203.0.113.0/24");
    }
    assertThat(signals).hasSize(1);
    assertThat(signals.get(0).getFailures()).isEqualTo(20);
    assertThat(restored.lastSeen()).isEqualTo(T0 + 24_000);
  }
}
