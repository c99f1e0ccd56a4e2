package dev.vigil.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.sketch.Hashing;
import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedAccountsTest {
  private static final ExchangeSettings S = ExchangeSettings.DEFAULTS;
  private static final long T0 = 1_764_000_000_000L;
  private static final long HOUR = 3_600_000L;

  private final List<ExchangeSignal> signals = new ArrayList<>();

  private void use(SubjectDetector d, long t, String account, SignalSubject type, String subject) {
    ExchangeSignal s = d.update(S, t, account, Hashing.of(account), false, type, subject);
    if (s != null) {
      signals.add(s);
    }
  }

  @Test
  void anAddressPaidToByTwoAccountsIsNotSharedAndByAThirdIs() {
    SharedAddress a = new SharedAddress();
    use(a, T0, "alice", SignalSubject.WITHDRAWAL_ADDRESS, "bc1qexample");
    use(a, T0 + HOUR, "alice", SignalSubject.WITHDRAWAL_ADDRESS, "bc1qexample");
    use(a, T0 + 2 * HOUR, "bob", SignalSubject.WITHDRAWAL_ADDRESS, "bc1qexample");
    assertThat(signals).isEmpty();
    use(a, T0 + 3 * HOUR, "carol", SignalSubject.WITHDRAWAL_ADDRESS, "bc1qexample");
    assertThat(signals).hasSize(1);
    ExchangeSignal s = signals.get(0);
    assertThat(s.getKind()).isEqualTo(SignalKind.SHARED_WITHDRAWAL_ADDRESS);
    assertThat(s.getAccounts()).isEqualTo(3);
    assertThat(s.getSampleAccounts()).containsExactly("alice", "bob", "carol");
    assertThat(s.getWindowStart()).isEqualTo(T0);
    assertThat(s.getWindowEnd()).isEqualTo(T0 + 3 * HOUR);
    assertThat(s.getExpiresAt()).isEqualTo(T0 + 3 * HOUR + Duration.ofDays(1).toMillis());
    assertThat(s.getScore()).isZero();
    assertThat(s.getBasis())
        .isEqualTo(
            "3 accounts added or paid to this withdrawal address since 2025-11-24T16:00:00Z"
                + " (threshold 3 accounts)");
  }

  @Test
  void aGrowingRingIsReportedEachTimeItDoubles() {
    SharedAddress a = new SharedAddress();
    for (int i = 0; i < 40; i++) {
      use(a, T0 + i, "mule-" + i, SignalSubject.WITHDRAWAL_ADDRESS, "addr");
    }
    assertThat(signals).extracting(ExchangeSignal::getAccounts).containsExactly(3, 6, 12, 24);
    assertThat(a.accounts()).isEqualTo(32);
    assertThat(signals.stream().map(ExchangeSignal::getSignalId).distinct()).hasSize(4);
  }

  @Test
  void anAddressUnusedForLongerThanItsMemoryStartsAgain() {
    SharedAddress a = new SharedAddress();
    use(a, T0, "alice", SignalSubject.WITHDRAWAL_ADDRESS, "addr");
    use(a, T0 + 1, "bob", SignalSubject.WITHDRAWAL_ADDRESS, "addr");
    use(a, T0 + Duration.ofDays(31).toMillis(), "carol", SignalSubject.WITHDRAWAL_ADDRESS, "addr");
    assertThat(signals).isEmpty();
    assertThat(a.accounts()).isEqualTo(1);
  }

  @Test
  void aKeyPresentedByItsOwnerAllDayIsNotSharedAndBySecondAccountIs() {
    SharedCredential k = new SharedCredential();
    for (int i = 0; i < 1_000; i++) {
      use(k, T0 + i * 60_000L, "bot-owner", SignalSubject.API_KEY, "key-1");
    }
    assertThat(signals).isEmpty();
    use(k, T0 + HOUR, "someone-else", SignalSubject.API_KEY, "key-1");
    use(k, T0 + HOUR + 1, "someone-else", SignalSubject.API_KEY, "key-1");
    assertThat(signals).hasSize(1);
    assertThat(signals.get(0).getKind()).isEqualTo(SignalKind.SHARED_CREDENTIAL);
    assertThat(signals.get(0).getSubjectType()).isEqualTo(SignalSubject.API_KEY);
    assertThat(signals.get(0).getAccounts()).isEqualTo(2);
    assertThat(signals.get(0).getSampleAccounts()).containsExactly("bot-owner", "someone-else");
  }

  @Test
  void sharedStateResumesFromItsStoredBytes() {
    SharedCredential k = new SharedCredential();
    use(k, T0, "a", SignalSubject.SESSION, "s-1");
    SharedCredential restored =
        SharedCredential.MAPPER.fromBytes(SharedCredential.MAPPER.toBytes(k));
    use(restored, T0 + 1, "a", SignalSubject.SESSION, "s-1");
    assertThat(signals).isEmpty();
    use(restored, T0 + 2, "b", SignalSubject.SESSION, "s-1");
    assertThat(signals).hasSize(1);
    assertThat(restored.lastSeen()).isEqualTo(T0 + 2);
  }
}
