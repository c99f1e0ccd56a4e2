package dev.vigil.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.sketch.Hashing;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveSignalsTest {
  private static final int WAVE = SignalKind.LOGIN_WAVE.ordinal();
  private static final int NET = SignalSubject.NETWORK.ordinal();

  private static long key(int i) {
    return SignalSubjects.key(SignalSubject.NETWORK, Hashing.ofLong(i, 7));
  }

  @Test
  void aFullTableEvictsTheSoonestExpiringEntryAndHoldsExactlyItsBound() {
    LiveSignals table = new LiveSignals(LiveSignals.DEFAULT_MAX_ENTRIES);
    int n = 70_000;
    // Entry i expires at 1,000 + i: once the table is full, each insert evicts the oldest entry.
    for (int i = 0; i < n; i++) {
      long evicted = table.put(key(i), WAVE, NET, 0.5f, 10, 1_000L + i);
      long expected =
          i < LiveSignals.DEFAULT_MAX_ENTRIES
              ? Hashing.ABSENT
              : key(i - LiveSignals.DEFAULT_MAX_ENTRIES);
      assertThat(evicted).as("evicted by entry %d", i).isEqualTo(expected);
    }
    assertThat(table.size()).isEqualTo(65_536);
    assertThat(table.size(NET)).isEqualTo(65_536);
    for (int i = 0; i < n; i++) {
      boolean held = table.find(key(i), 0) >= 0;
      assertThat(held).as("entry %d", i).isEqualTo(i >= n - 65_536);
    }
  }

  @Test
  void evictionTakesTheSoonestExpiryAndExpireDropsExactlyTheExpired() {
    LiveSignals table = new LiveSignals(4);
    table.put(key(1), WAVE, NET, 0.1f, 5, 400);
    table.put(key(2), WAVE, NET, 0.2f, 6, 100);
    table.put(key(3), WAVE, NET, 0.3f, 7, 300);
    table.put(key(4), WAVE, NET, 0.4f, 8, 200);
    assertThat(table.put(key(5), WAVE, NET, 0.5f, 9, 500)).isEqualTo(key(2));
    assertThat(table.size()).isEqualTo(4);
    assertThat(table.find(key(2), 0)).isNegative();
    // A re-issued signal replaces the one held under its key: no eviction, new values.
    assertThat(table.put(key(3), WAVE, NET, 0.9f, 70, 350)).isEqualTo(Hashing.ABSENT);
    int slot = table.find(key(3), 0);
    assertThat(table.score(slot)).isEqualTo(0.9f);
    assertThat(table.accounts(slot)).isEqualTo(70);
    // Live strictly before its expiry.
    assertThat(table.find(key(4), 199)).isNotNegative();
    assertThat(table.find(key(4), 200)).isNegative();
    List<Long> removed = new ArrayList<>();
    assertThat(table.expire(350, removed::add)).isEqualTo(2);
    assertThat(removed).containsExactlyInAnyOrder(key(3), key(4));
    assertThat(table.size()).isEqualTo(2);
    assertThat(table.find(key(1), 0)).isNotNegative();
    assertThat(table.find(key(5), 0)).isNotNegative();
  }

  @Test
  void removalKeepsEveryOtherEntryFindableInACrowdedTable() {
    LiveSignals table = new LiveSignals(512);
    for (int i = 0; i < 512; i++) {
      table.put(key(i), WAVE, NET, 0f, i, 10_000 + i);
    }
    for (int i = 0; i < 512; i += 2) {
      assertThat(table.remove(key(i))).isTrue();
    }
    assertThat(table.size()).isEqualTo(256);
    for (int i = 0; i < 512; i++) {
      int slot = table.find(key(i), 0);
      if (i % 2 == 0) {
        assertThat(slot).isNegative();
      } else {
        assertThat(table.accounts(slot)).isEqualTo(i);
      }
    }
  }

  @Test
  void anAbsentFeatureNeverMeetsTheSlotARemovedSignalLeft() {
    // Two slots; a key whose home is slot 0, where a lookup of key 0 (an event's absent feature,
    // and the mark of an empty slot) starts.
    LiveSignals table = new LiveSignals(1);
    int i = 0;
    while ((Hashing.fmix(key(i)) & 1) != 0) {
      i++;
    }
    table.put(key(i), WAVE, NET, 0.5f, 10, 10_000);
    assertThat(table.remove(key(i))).isTrue();
    assertThat(table.find(Hashing.ABSENT, 0)).isNegative();
  }
}
