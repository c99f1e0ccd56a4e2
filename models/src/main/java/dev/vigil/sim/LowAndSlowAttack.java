package dev.vigil.sim;

import java.util.SplittableRandom;

/**
 * A careful takeover that mimics the victim: a residential network in the victim's country, the
 * victim's own user agent, a full login with MFA (phished), unhurried browsing, then a whitelist
 * change and, some minutes later, withdrawals to the new address. Only what it does, and when,
 * gives it away.
 */
final class LowAndSlowAttack extends AttackSource {
  private static final Endpoint[] BROWSE = {
    Endpoint.MARKETS,
    Endpoint.POSITIONS,
    Endpoint.BALANCES,
    Endpoint.OPEN_ORDERS,
    Endpoint.TICKERS,
    Endpoint.WITHDRAWALS
  };
  private final Account victim;
  private final int login;
  private final int browse;
  private final int wait;
  private final int total;
  private final byte[] address;

  LowAndSlowAttack(Account victim, SplittableRandom rng, long start, Simulator sim) {
    super(rng, start);
    this.victim = victim;
    session = sim.newSession(victim.id, Population.ATTACKER);
    session.markAttack(Scenario.LOW_AND_SLOW, "compromise");
    Asn asn = Networks.pick(rng, NetworkType.RESIDENTIAL, victim.home);
    origin = Origin.in(rng, asn);
    device = victim.device;
    login = victim.mfa ? 2 : 1;
    browse = (int) Rand.between(rng, 8, 26);
    wait = (int) Rand.between(rng, 3, 11);
    total = login + browse + 1 + wait + (int) Rand.between(rng, 1, 3);
    address = attackerAddress(rng);
  }

  @Override
  boolean step(SimEvent e, Simulator sim) {
    long t = next;
    double gap = 40_000;
    if (made == 0) {
      attacker(e, Endpoint.LOGIN);
      e.auth = AuthMethod.PASSWORD;
      gap = 8_000;
    } else if (made < login) {
      attacker(e, Endpoint.MFA);
      e.auth = AuthMethod.MFA;
      e.mfa = 1;
    } else {
      int i = made - login;
      Endpoint ep;
      if (i < browse) {
        ep = BROWSE[rng.nextInt(BROWSE.length)];
      } else if (i == browse) {
        ep = Endpoint.WHITELIST_ADD;
      } else if (i <= browse + wait) {
        ep = BROWSE[rng.nextInt(BROWSE.length)];
        gap = 60_000;
      } else {
        ep = Endpoint.WITHDRAW;
      }
      attacker(e, ep);
      if (ep == Endpoint.WHITELIST_ADD || ep == Endpoint.WITHDRAW) {
        e.withdrawalJson = address;
      }
      e.auth = AuthMethod.JWT;
      e.mfa = victim.mfa ? 1 : 0;
    }
    Requests.latency(rng, e);
    after(t, gap, total);
    return true;
  }
}
