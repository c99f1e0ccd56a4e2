package dev.vigil.sim;

import java.util.SplittableRandom;

/**
 * A stolen session token used while the owner is still active: the attacker's requests share the
 * owner's session id, from another network, and end in a whitelist change and withdrawals.
 */
final class TokenHijackAttack extends AttackSource {
  private final Account victim;
  private final int total;
  private final byte[] address;

  TokenHijackAttack(Account victim, RetailSession owner, SplittableRandom rng, long start) {
    super(rng, start);
    this.victim = victim;
    session = owner.session;
    session.markAttack(Scenario.TOKEN_HIJACK, "compromise");
    origin = foreignInfrastructure(rng, victim.home);
    device = rng.nextBoolean() ? owner.device : Device.retail(rng, false);
    total = (int) Rand.between(rng, 8, 31);
    address = attackerAddress(rng);
  }

  @Override
  boolean step(SimEvent e, Simulator sim) {
    long t = next;
    int left = total - made;
    Endpoint ep;
    if (made == 0) {
      ep = Endpoint.BALANCES;
    } else if (left == 3) {
      ep = Endpoint.WHITELIST_ADD;
    } else if (left <= 2) {
      ep = Endpoint.WITHDRAW;
    } else {
      ep = RECON[rng.nextInt(RECON.length)];
    }
    attacker(e, ep);
    if (ep == Endpoint.WHITELIST_ADD || ep == Endpoint.WITHDRAW) {
      e.withdrawalJson = address;
    }
    e.auth = AuthMethod.JWT;
    e.mfa = victim.mfa ? 1 : 0;
    Requests.latency(rng, e);
    after(t, 15_000, total);
    return true;
  }
}
