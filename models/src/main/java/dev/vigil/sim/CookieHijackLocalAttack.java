package dev.vigil.sim;

import java.util.SplittableRandom;

/**
 * A stolen web session cookie replayed beside its owner: the attacker's requests carry the owner's
 * live session id and exact user agent, come from a residential proxy in the owner's country (often
 * the owner's own ISP), and are interleaved with the owner's clicks a few seconds apart; balances,
 * the whitelist, a new address, withdrawals. Only the second address at once gives it away.
 */
final class CookieHijackLocalAttack extends AttackSource {
  private static final Endpoint[] RECON = {
    Endpoint.POSITIONS, Endpoint.OPEN_ORDERS, Endpoint.WITHDRAWALS, Endpoint.BALANCES
  };
  private final Account victim;
  private final int recon;
  private final int total;
  private final byte[] address;

  CookieHijackLocalAttack(Account victim, RetailSession owner, SplittableRandom rng, long start) {
    super(rng, start);
    this.victim = victim;
    session = owner.session;
    session.markAttack(Scenario.COOKIE_HIJACK_LOCAL, "compromise");
    Origin o;
    do {
      o = Origin.in(rng, Networks.pick(rng, NetworkType.RESIDENTIAL, victim.home));
    } while (o.ip().equals(owner.origin.ip()));
    origin = o;
    device = owner.device;
    recon = (int) Rand.between(rng, 1, 5);
    total = 1 + recon + 2 + (int) Rand.between(rng, 1, 3);
    address = attackerAddress(rng);
  }

  @Override
  boolean step(SimEvent e, Simulator sim) {
    long t = next;
    int i = made;
    Endpoint ep;
    if (i == 0) {
      ep = Endpoint.BALANCES;
    } else if (i <= recon) {
      ep = RECON[rng.nextInt(RECON.length)];
    } else if (i == recon + 1) {
      ep = Endpoint.WHITELIST;
    } else if (i == recon + 2) {
      ep = Endpoint.WHITELIST_ADD;
    } else {
      ep = Endpoint.WITHDRAW;
    }
    attacker(e, ep);
    if (ep == Endpoint.WHITELIST_ADD || ep == Endpoint.WITHDRAW) {
      e.withdrawalJson = address;
    }
    e.auth = AuthMethod.JWT;
    e.mfa = victim.mfa ? 1 : 0;
    Requests.latency(rng, e);
    after(t, 4_000, total);
    return true;
  }
}
