package dev.vigil.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.model.ResponseRules;
import dev.vigil.core.model.RiskModelLoader;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The kill-rate breaker on a seeded stream of would-be kills: a week of a normal trickle (about one
 * an hour, varied reasons), then a broken GeoIP feed that gives a burst of sessions the same reason
 * (impossible travel), then the trickle again.
 */
class KillRateBreakerTest {
  private static final ResponseRules R = RiskModelLoader.defaults().policy.response;
  private static final long HOUR = 3_600_000L;
  private static final int TRAVEL = EvidenceCode.IMPOSSIBLE_TRAVEL.ordinal();
  private static final int[] USUAL = {
    EvidenceCode.NEW_NETWORK.ordinal(),
    EvidenceCode.REPLAYED_NONCE.ordinal(),
    EvidenceCode.FAILURE_BURST.ordinal(),
    EvidenceCode.CONCURRENT_NETWORKS.ordinal(),
    TRAVEL
  };

  /** Kills admitted and degraded over a stretch of the stream. */
  private record Tally(int admitted, int degraded, long end) {}

  private static Tally trickle(
      KillRateBreaker b, Random rnd, long from, long until, double perHour) {
    int admitted = 0;
    int degraded = 0;
    long t = from;
    while (true) {
      t += (long) (-Math.log(1 - rnd.nextDouble()) / perHour * HOUR);
      if (t >= until) {
        return new Tally(admitted, degraded, t);
      }
      int code = USUAL[rnd.nextInt(USUAL.length)];
      b.tick(t, R);
      b.recordKill(t, code, R);
      if (b.allowsKill(code, R)) {
        admitted++;
      } else {
        degraded++;
      }
    }
  }

  @Test
  void aNormalTrickleOfKillsNeverTripsIt() {
    KillRateBreaker b = new KillRateBreaker();
    Random rnd = new Random(7);

    Tally week = trickle(b, rnd, 0, 30 * 24 * HOUR, 1.0);

    assertThat(b.trips()).isZero();
    assertThat(week.degraded()).isZero();
    assertThat(week.admitted()).isEqualTo(774);
  }

  @Test
  void aBrokenGeoIpFeedTripsItDegradesKillsAndItClosesWhenTheRateFalls() {
    KillRateBreaker b = new KillRateBreaker();
    Random rnd = new Random(7);
    long stormStart = 7 * 24 * HOUR;
    Tally before = trickle(b, rnd, 0, stormStart, 1.0);
    assertThat(b.trips()).isZero();

    // The feed breaks: for 20 minutes sessions all over the exchange "travel" (one every 6 s on
    // average, about 200), on top of the trickle.
    int admitted = 0;
    int degraded = 0;
    long firstDegradedAt = -1;
    long t = stormStart;
    long stormEnd = stormStart + HOUR / 3;
    while (true) {
      t += (long) (-Math.log(1 - rnd.nextDouble()) * 6_000);
      if (t >= stormEnd) {
        break;
      }
      b.tick(t, R);
      b.recordKill(t, TRAVEL, R);
      if (b.allowsKill(TRAVEL, R)) {
        admitted++;
      } else {
        degraded++;
        if (firstDegradedAt < 0) {
          firstDegradedAt = t;
        }
      }
    }
    assertThat(b.isOpen()).isTrue();
    assertThat(b.blockingCode(TRAVEL)).isEqualTo(KillRateBreaker.BLOCKED_OVERALL);
    assertThat(admitted).isEqualTo(10);
    assertThat(degraded).isEqualTo(181);
    assertThat((firstDegradedAt - stormStart) / 1000).isEqualTo(35);
    // Both the overall rate and impossible travel's own rate tripped.
    assertThat(b.trips()).isEqualTo(2);
    assertThat(b.recentPerHour(TRAVEL, R)).isGreaterThan(100 * b.baselinePerHour(TRAVEL, R));

    // The feed is fixed; the trickle goes on and the breaker closes once the recent rate has
    // decayed (hysteresis: below half the minimum count).
    long closedAt = -1;
    long u = stormEnd;
    while (closedAt < 0 && u < stormEnd + 6 * HOUR) {
      u += KillRateBreaker.CHECK_INTERVAL_MILLIS;
      b.tick(u, R);
      if (!b.isOpen()) {
        closedAt = u;
      }
    }
    assertThat((closedAt - stormEnd) / 60_000).isEqualTo(43);
    Tally after = trickle(b, rnd, closedAt, closedAt + 7 * 24 * HOUR, 1.0);
    assertThat(after.degraded()).isZero();
    assertThat(b.trips()).isEqualTo(2);
    assertThat(before.admitted() + after.admitted()).isEqualTo(343);
  }

  @Test
  void anOperatorClearsItAndTheSameRateDoesNotTripItAgainAtOnce() {
    KillRateBreaker b = new KillRateBreaker();
    long t = 24 * HOUR;
    for (int i = 0; i < 12; i++) {
      b.recordKill(t + i * 10_000L, TRAVEL, R);
    }
    assertThat(b.isOpen()).isTrue();

    b.clear(t + 120_000, R);

    assertThat(b.isOpen()).isFalse();
    for (int i = 0; i < 12; i++) {
      b.recordKill(t + 130_000 + i * 10_000L, TRAVEL, R);
      assertThat(b.allowsKill(TRAVEL, R)).isTrue();
    }
    assertThat(b.trips()).isEqualTo(2);
  }

  @Test
  void theFirstKillsAfterAStartDoNotTripIt() {
    KillRateBreaker b = new KillRateBreaker();
    // Ten kills in ten seconds: the decayed count is just under 10 (the first have decayed a
    // little), so the eleventh trips it.
    for (int i = 0; i < 10; i++) {
      b.recordKill(i * 1_000L, TRAVEL, R);
    }
    assertThat(b.isOpen()).isFalse();
    b.recordKill(10_000L, TRAVEL, R);
    assertThat(b.isOpen()).isTrue();
  }
}
