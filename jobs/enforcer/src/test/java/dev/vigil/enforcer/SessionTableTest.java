package dev.vigil.enforcer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The open-addressing shard against a plain map: whatever the probe runs (forced long and wrapping
 * around the table's end), removals by expiry leave every live session findable.
 */
class SessionTableTest {
  private static final long RETENTION = 1_000;

  @Test
  void sessionsInLongAndWrappingProbeRunsStayFindableAsOthersExpireAround() {
    SessionTable.Shard shard = new SessionTable.Shard(400, RETENTION);
    Map<List<Long>, SessionState> model = new HashMap<>();
    List<List<Long>> keys = new ArrayList<>();
    Random random = new Random(11);
    long now = 0;
    for (int step = 0; step < 50_000; step++) {
      now += random.nextInt(20);
      if (keys.isEmpty() || (model.size() < 350 && random.nextInt(3) == 0)) {
        // Home slots crowd at the table's start and end (1,024 slots): long runs that wrap.
        long h1 = random.nextBoolean() ? random.nextInt(8) : 1_023 - random.nextInt(8);
        h1 |= random.nextLong() << 20;
        long h2 = random.nextLong();
        List<Long> key = List.of(h1, h2);
        if (model.containsKey(key) && now - model.get(key).lastTouched <= RETENTION) {
          continue;
        }
        model.remove(key);
        SessionState s = new SessionState("a", now);
        shard.add(h1, h2, s, now);
        model.put(key, s);
        keys.add(key);
      } else {
        List<Long> key = keys.get(random.nextInt(keys.size()));
        SessionState expected = model.get(key);
        SessionState found = shard.find(key.get(0), key.get(1), now);
        if (expected == null || now - expected.lastTouched > RETENTION) {
          assertThat(found).as("step %d: gone or expired", step).isNull();
          model.remove(key);
        } else {
          assertThat(found).as("step %d: live", step).isSameAs(expected);
        }
      }
    }
    assertThat(model).isNotEmpty();
  }

  @Test
  void aFullShardEvictsOneSessionPerAdditionAndSparesTheOnesInUse() {
    SessionTable.Shard shard = new SessionTable.Shard(8, Long.MAX_VALUE / 2);
    for (long k = 1; k <= 8; k++) {
      shard.add(k, k, new SessionState("a", 0), 0);
    }
    SessionState used = shard.find(3, 3, 1);
    for (long k = 9; k <= 12; k++) {
      shard.add(k, k, new SessionState("a", 0), 2);
      assertThat(shard.find(3, 3, 2)).isSameAs(used);
    }
    assertThat(shard.evicted).isEqualTo(4);
    int held = 0;
    for (long k = 1; k <= 12; k++) {
      held += shard.find(k, k, 3) == null ? 0 : 1;
    }
    assertThat(held).isEqualTo(8);
  }
}
