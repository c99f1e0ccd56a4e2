package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.ProfileLearner;
import dev.vigil.core.sketch.Hashing;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.CommandAction;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Profile poisoning (issue 14): a careful attacker who holds the owner's password first teaches the
 * profile his network with quiet sessions, then cashes out from it. The owner (30 days at 09:00
 * from his Paris ISP) is the one of {@link SessionHarness#trainOwner}; the attacker comes from a
 * French residential network of another AS, with the owner's browser, at the owner's hour.
 */
class ProfilePoisoningTest {
  private static final long DAY = 86_400_000L;
  private static final long MINUTE = 60_000L;
  private static final String PROXY_IP = "92.184.100.7";
  private static final long PROXY_AS = 12_322L;
  private static final long PROXY_ASN = Hashing.ofLong(PROXY_AS, 1);

  @Test
  void threeQuietSessionsInOneMorningNoLongerMakeANewNetworkFamiliar() {
    SessionHarness h = new SessionHarness();
    long t = Events.T0 + 30 * DAY + 9 * 60 * MINUTE;
    h.trainOwner(30, 30);
    for (int k = 0; k < 3; k++) {
      quietSession(h, "pump-" + k, t + k * 30 * MINUTE);
    }
    AccountProfile a = h.account("acct-1");
    long prefix = Hashing.ipPrefix(PROXY_IP);
    System.out.printf(
        "after the pump: proxy prefix weight %.3f of %.3f, on probation %d day(s)%n",
        a.prefixes.count(prefix),
        a.prefixes.total(),
        ProfileLearner.probationVisits(a, PROXY_ASN, prefix));
    float adopted = a.prefixes.count(prefix);
    int visits = ProfileLearner.probationVisits(a, PROXY_ASN, prefix);

    Set<CommandAction> actions = cashOut(h, "cash-out", t + 120 * MINUTE);

    System.out.println("cash-out after the pump: " + actions);
    assertThat(adopted).as("the proxy is not adopted").isZero();
    assertThat(visits).as("one morning counts once").isEqualTo(1);
    // With the proxy adopted after the pump (one adoption per session, as before) the same cash-out
    // got [SET_TIMEOUT, HOLD_WITHDRAWALS]: no step-up. Now it scores as a first visit.
    assertThat(actions).contains(CommandAction.STEP_UP, CommandAction.HOLD_WITHDRAWALS);
  }

  @Test
  void anOwnerWhoMovesHomeGetsTheNewNetworkFamiliarOnTheNextDay() {
    SessionHarness h = new SessionHarness();
    h.trainOwner(30, 30);
    long prefix = Hashing.ipPrefix(PROXY_IP);
    AccountProfile a = h.account("acct-1");
    for (int d = 0; d < 2; d++) {
      quietSession(h, "new-home-" + d, Events.T0 + (30 + d) * DAY + 9 * 60 * MINUTE);
      System.out.printf(
          "new home, day %d: prefix weight %.3f, probation days %d%n",
          d + 1, a.prefixes.count(prefix), ProfileLearner.probationVisits(a, PROXY_ASN, prefix));
      if (d == 0) {
        assertThat(a.prefixes.count(prefix)).as("day 1").isZero();
      }
    }
    assertThat(a.prefixes.count(prefix) / a.prefixes.total())
        .as("familiar on the second day: at least the fresh-network share")
        .isGreaterThanOrEqualTo((float) h.model.evidence.freshNetworkMaxAccountShare);
    // The old home stays known: nothing of the owner's history is forgotten.
    assertThat(a.prefixes.count(Hashing.ipPrefix("81.250.10.23"))).isPositive();
    Scored first =
        h.score(home(Events.owner("day-3", Events.T0 + 32 * DAY + 9 * 60 * MINUTE)).build());
    int term = first.evidence().indexOf(EvidenceCode.NEW_NETWORK);
    double llr = term < 0 ? 0.0 : first.evidence().llr(term);
    System.out.printf(
        "new home, day 3: new_network %.3f nats, P = %.4f%n", llr, first.probability());
    assertThat(llr).as("the new home weighs as familiar on the third day").isLessThanOrEqualTo(0.0);
  }

  @Test
  void whatASessionActedOnTaughtIsTakenBack() {
    SessionHarness h = new SessionHarness();
    h.trainOwner(30, 30);
    AccountProfile a = h.account("acct-1");
    long t = Events.T0 + 30 * DAY + 9 * 60 * MINUTE;
    long prefix = Hashing.ipPrefix(PROXY_IP);
    // A browser the owner never used, from the proxy: after three clean requests the session has
    // taught the client and one visit of the network on probation ...
    String ua = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0";
    for (int i = 0; i < 4; i++) {
      h.score(
          home(Events.owner("thief", t + i * 20_000L))
              .setUserAgent(ua)
              .setPath("/api/v1/balance")
              .build());
    }
    long client = h.scored.features().client;
    float hoursBefore = a.hoursTotal;
    int learnedBefore = a.sessionsLearned;
    System.out.printf(
        "while clean: client weight %.3f, proxy visits %d, sessions learned %d%n",
        a.clients.count(client),
        ProfileLearner.probationVisits(a, PROXY_ASN, prefix),
        learnedBefore);
    assertThat(a.clients.count(client)).isPositive();
    assertThat(ProfileLearner.probationVisits(a, PROXY_ASN, prefix)).isEqualTo(1);
    // ... then the same session adds an address and withdraws to it: acted on, and taken back.
    Set<CommandAction> actions = EnumSet.noneOf(CommandAction.class);
    collect(h.score(whitelist(home(Events.owner("thief", t + 100_000)).setUserAgent(ua))), actions);
    collect(h.score(withdraw(home(Events.owner("thief", t + 110_000)).setUserAgent(ua))), actions);
    collect(h.score(withdraw(home(Events.owner("thief", t + 120_000)).setUserAgent(ua))), actions);
    System.out.printf(
        "after %s: client weight %.3f, proxy visits %d, sessions learned %d%n",
        actions,
        a.clients.count(client),
        ProfileLearner.probationVisits(a, PROXY_ASN, prefix),
        a.sessionsLearned);
    assertThat(actions).containsAnyOf(CommandAction.STEP_UP, CommandAction.HOLD_WITHDRAWALS);
    assertThat(a.clients.count(client)).as("client taken back").isZero();
    assertThat(ProfileLearner.probationVisits(a, PROXY_ASN, prefix)).as("visit uncounted").isZero();
    assertThat(a.sessionsLearned).isEqualTo(learnedBefore - 1);
    assertThat(a.hoursTotal).isLessThan(hoursBefore);
    assertThat(h.session("thief").lessons).isZero();
  }

  private static void quietSession(SessionHarness h, String session, long start) {
    for (int i = 0; i < 6; i++) {
      String path = i % 2 == 0 ? "/api/v1/balance" : "/api/v1/orders";
      h.score(home(Events.owner(session, start + i * 20_000L)).setPath(path).build());
    }
  }

  private static Set<CommandAction> cashOut(SessionHarness h, String session, long t) {
    Set<CommandAction> actions = EnumSet.noneOf(CommandAction.class);
    collect(h.score(home(Events.owner(session, t)).setPath("/api/v1/balance").build()), actions);
    collect(h.score(whitelist(home(Events.owner(session, t + 20_000)))), actions);
    collect(h.score(withdraw(home(Events.owner(session, t + 40_000)))), actions);
    collect(h.score(withdraw(home(Events.owner(session, t + 60_000)))), actions);
    return actions;
  }

  private static void collect(Scored s, Set<CommandAction> into) {
    if (s.hasDecision()) {
      for (int i = 0; i < s.decision().actionCount(); i++) {
        into.add(s.decision().action(i));
      }
    }
  }

  /** The owner's browser and country, from the French residential network of another AS. */
  private static AccessEvent.Builder home(AccessEvent.Builder b) {
    return b.setSourceIp(PROXY_IP).setAsNumber(PROXY_AS).setAsOrganization("Free SAS");
  }

  private static AccessEvent whitelist(AccessEvent.Builder b) {
    return b.setMethod("POST")
        .setPath("/api/v3/wallet/whitelist")
        .setWithdrawalAddress("bc1qpump")
        .build();
  }

  private static AccessEvent withdraw(AccessEvent.Builder b) {
    return b.setMethod("POST")
        .setPath("/api/v3/wallet/withdrawals")
        .setWithdrawalAddress("bc1qpump")
        .build();
  }
}
