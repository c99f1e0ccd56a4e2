package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.evidence.EvidenceKind;
import dev.vigil.core.exchange.LiveSignals;
import dev.vigil.core.exchange.SignalSubjects;
import dev.vigil.core.exchange.Subjects;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.FloodThrottle;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Flood sources throttle, never escalate (issue 12): a session whose network, client or account the
 * exchange job names as driving an endpoint's flood gets a tightened rate limit with reason {@code
 * flood_source}, valid no longer than the signal, at the same probability as without the signal;
 * other sessions get exactly the decisions they get without it; when the signal lapses the next
 * command relaxes the limit back.
 */
class FloodThrottleTest {
  private static final long DAY = 86_400_000L;
  private static final long MINUTE = 60_000L;

  private static void flood(LiveSignals table, SignalSubject type, String subject, long expires) {
    long[] keys = new long[SignalSubjects.MAX_KEYS];
    int n = SignalSubjects.floodKeys(type, subject, keys);
    assertThat(n).as("%s %s is a flood subject", type, subject).isPositive();
    for (int i = 0; i < n; i++) {
      table.put(keys[i], SignalKind.FLOOD_SOURCE.ordinal(), type.ordinal(), 0.5f, 900, expires);
    }
  }

  /** What one event decided, in words a test can compare. */
  private record Step(double probability, List<String> actions, boolean floodReason, double rps) {}

  private static Step step(Scored s) {
    Decision d = s.decision();
    List<String> actions = new ArrayList<>();
    double rps = Double.NaN;
    for (int i = 0; s.hasDecision() && i < d.actionCount(); i++) {
      actions.add(d.action(i).name());
      if (d.action(i) == CommandAction.SET_RATE_LIMIT) {
        rps = d.requestsPerSecond(i);
      }
    }
    boolean flood = false;
    for (int i = 0; s.hasDecision() && i < d.reasonCount(); i++) {
      flood |= d.reasonCode(i) == EvidenceCode.FLOOD_SOURCE;
    }
    return new Step(s.probability(), actions, flood, rps);
  }

  /**
   * The owner's requests, one every 10 s (under the account's usage ceiling), in sessions
   * "flooding" (home /24) and "elsewhere".
   */
  private static List<AccessEvent> traffic(long t, int n) {
    List<AccessEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long at = t + i * 10_000L;
      out.add(Events.owner("flooding", at).build());
      out.add(Events.owner("elsewhere", at + 1).setSourceIp("81.250.99.23").build());
    }
    return out;
  }

  @Test
  void aSessionFromAFloodingNetworkIsThrottledAtTheSameProbabilityAndOthersAreUntouched() {
    SessionHarness plain = new SessionHarness();
    SessionHarness signalled = new SessionHarness();
    long t = plain.trainOwner(30, 10) + DAY;
    signalled.trainOwner(30, 10);
    LiveSignals table = new LiveSignals(16);
    signalled.engine.exchangeSignals(table);
    long expires = t + 5 * MINUTE;
    flood(table, SignalSubject.NETWORK, "81.250.10.0/24", expires);

    List<AccessEvent> events = traffic(t, 25);
    // A minute on, the signal has lapsed: the next request relaxes the limit.
    events.add(Events.owner("flooding", expires + 1).build());
    List<Step> floodingSteps = new ArrayList<>();
    for (AccessEvent e : events) {
      Step a = step(plain.score(e));
      Scored scored = signalled.score(e);
      Step b = step(scored);
      assertThat(b.probability())
          .as("the probability of %s", e.getEventId())
          .isEqualTo(a.probability());
      assertThat(b.actions()).doesNotContain("STEP_UP", "KILL");
      if (e.getSessionId().equals("elsewhere")) {
        assertThat(b).as("a session from another network").isEqualTo(a);
      } else {
        floodingSteps.add(b);
        if (b.floodReason()) {
          int i = scored.decision().indexOf(CommandAction.SET_RATE_LIMIT);
          assertThat(scored.decision().validForMillis(i)).isEqualTo(expires - e.getTimestamp());
          int r = 0;
          while (scored.decision().reasonCode(r) != EvidenceCode.FLOOD_SOURCE) {
            r++;
          }
          assertThat(scored.decision().reasonLlr(r)).isZero();
          assertThat(scored.decision().reasonValue(r, 0)).as("source: network").isEqualTo(1);
          assertThat(scored.decision().reasonValue(r, 1)).as("900 requests a minute").isEqualTo(15);
        }
      }
    }
    Step first = floodingSteps.get(0);
    assertThat(first.actions()).contains("SET_RATE_LIMIT");
    assertThat(first.floodReason()).isTrue();
    double usual = plain.model.policy.human.requestsPerSecond;
    assertThat(first.rps())
        .isCloseTo(
            FloodThrottle.LIMIT_FACTOR * usual, org.assertj.core.data.Offset.offset(0.05 * usual));
    assertThat(floodingSteps.subList(1, floodingSteps.size() - 1))
        .as("the tightened limit stays in force: no new command while the flood lasts")
        .allSatisfy(s -> assertThat(s.floodReason()).isFalse());
    Step last = floodingSteps.get(floodingSteps.size() - 1);
    assertThat(last.actions()).as("relaxed once the signal lapsed").contains("SET_RATE_LIMIT");
    assertThat(last.floodReason()).isFalse();
    assertThat(last.rps()).isGreaterThan(3 * first.rps());
    assertThat(EvidenceCode.FLOOD_SOURCE.kind()).isEqualTo(EvidenceKind.NONE);
  }

  @Test
  void aFloodingClientOrAccountThrottlesItsSessionsAndNotAnotherAccountsOnTheSameNetwork() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 10) + DAY;
    LiveSignals table = new LiveSignals(16);
    h.engine.exchangeSignals(table);
    // The client fingerprint as the exchange job names it: digits and dots dropped.
    String client = Subjects.client("python-requests/2.31");
    flood(table, SignalSubject.CLIENT, client, t + 5 * MINUTE);
    flood(table, SignalSubject.ACCOUNT, "acct-9", t + 5 * MINUTE);

    Step byClient =
        step(h.score(Events.owner("scripted", t).setUserAgent("python-requests/2.32.3").build()));
    Step byAccount = step(h.score(Events.owner("other-account", t).setAccountId("acct-9").build()));
    Step neither = step(h.score(Events.owner("browser", t).setAccountId("acct-7").build()));
    assertThat(byClient.floodReason()).as("a later build of the flooding client").isTrue();
    assertThat(byAccount.floodReason()).isTrue();
    assertThat(neither.floodReason()).isFalse();
    assertThat(neither.actions()).doesNotContain("SET_RATE_LIMIT");
  }
}
