package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.vigil.core.profile.AccountProfileMapper;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.profile.SessionStateMapper;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.Outcome;
import java.lang.management.ManagementFactory;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EnginePropertiesTest {
  @Provide
  Arbitrary<AccessEvent.Builder> events() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 255),
            Arbitraries.integers().between(0, 3),
            Arbitraries.of(
                "/api/v1/orders", "/api/v1/withdraw", "/api/v1/balance", "/api/v1/whitelist/add"),
            Arbitraries.of(200, 401, 403, 500),
            Arbitraries.integers().between(0, 20),
            Arbitraries.integers().between(1, 120_000))
        .as(
            (ip, country, path, status, nonce, gap) ->
                Events.owner("s", 0)
                    .setSourceIp("10." + country + ".0." + ip)
                    .setCountry(new String[] {"FR", "SG", "US", "BR"}[country])
                    .setLatitude(new double[] {48.8, 1.3, 40.7, -23.5}[country])
                    .setLongitude(new double[] {2.3, 103.8, -74.0, -46.6}[country])
                    .setAsNumber(1000L + country)
                    .setPath(path)
                    .setStatus(status)
                    .setOutcome(status == 200 ? Outcome.SUCCESS : Outcome.FAILURE)
                    .setNonce(Integer.toString(nonce))
                    .setEventId(Integer.toString(gap)));
  }

  @Property(tries = 200)
  void probabilityStaysInTheUnitIntervalAndStateWithinItsBounds(
      @ForAll @Size(min = 1, max = 60) java.util.List<AccessEvent.@From("events") Builder> seq) {
    SessionHarness h = new SessionHarness();
    h.trainOwner(3, 10);
    long t = Events.T0 + 10 * 86_400_000L;
    for (AccessEvent.Builder b : seq) {
      t += Long.parseLong(b.getEventId());
      Scored s = h.score(b.setTimestamp(t).build());
      assertThat(s.probability()).isBetween(0.0, 1.0);
      assertThat(s.evidence().size())
          .isLessThanOrEqualTo(dev.vigil.core.evidence.EvidenceBuffer.CAPACITY);
    }
    assertThat(new SessionStateMapper().toBytes(h.session("s")).length)
        .isLessThanOrEqualTo(SessionStateMapper.MAX_BYTES);
    assertThat(new AccountProfileMapper().toBytes(h.account("acct-1")).length)
        .isLessThanOrEqualTo(AccountProfileMapper.MAX_BYTES);
  }

  @Property(tries = 100)
  void addingAReplayToAnEventNeverLowersTheProbability(@ForAll("events") AccessEvent.Builder b) {
    SessionHarness base = new SessionHarness();
    SessionHarness hostile = new SessionHarness();
    for (SessionHarness h : new SessionHarness[] {base, hostile}) {
      h.trainOwner(3, 10);
      h.score(Events.owner("s", Events.T0 + 10 * 86_400_000L).setNonce("replayed").build());
    }
    long t = Events.T0 + 10 * 86_400_000L + 1_000;
    double clean = base.score(b.setTimestamp(t).setNonce("fresh").build()).probability();
    double replay = hostile.score(b.setTimestamp(t).setNonce("replayed").build()).probability();
    assertThat(replay).isGreaterThanOrEqualTo(clean);
  }

  @Test
  void scoringAWarmSessionAllocatesNothingPerEvent() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + 86_400_000L;
    AccessEvent[] events = new AccessEvent[2_000];
    for (int i = 0; i < events.length; i++) {
      events[i] =
          Events.owner("alloc", t + i * 1_000L)
              .setPath(i % 2 == 0 ? "/api/v1/orders" : "/api/v1/balance")
              .build();
    }
    for (int round = 0; round < 20; round++) {
      h.sessions.put("alloc", new SessionState());
      for (AccessEvent e : events) {
        h.score(e);
      }
    }
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    SessionState s = h.sessions.get("alloc");
    s.events = 0;
    h.sessions.put("alloc", s);
    long before = mx.getThreadAllocatedBytes(id);
    for (AccessEvent e : events) {
      h.engine.score(h.account("acct-1"), s, e, h.model, h.scored);
    }
    long perEvent = (mx.getThreadAllocatedBytes(id) - before) / events.length;
    assertThat(perEvent).isLessThan(16);
  }
}
