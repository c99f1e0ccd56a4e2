package dev.vigil.sim;

import java.util.SplittableRandom;

/**
 * MFA brute force on one account whose password the attacker has: a correct password, then a rapid
 * run of wrong one-time codes (throttled after 20), and in some runs a final success followed by
 * abuse.
 */
final class MfaBruteForceAttack extends AttackSource {
  private final int guesses;
  private final boolean cracks;
  private final int total;
  private final byte[] address;

  MfaBruteForceAttack(Account victim, SplittableRandom rng, long start, Simulator sim) {
    super(rng, start);
    session = sim.newSession(victim.id, Population.ATTACKER);
    session.markAttack(Scenario.MFA_BRUTE_FORCE, "compromise");
    origin = foreignInfrastructure(rng, victim.home);
    device = rng.nextBoolean() ? Device.script(rng) : Device.retail(rng, false);
    guesses = (int) Rand.between(rng, 30, 301);
    cracks = rng.nextDouble() < 0.4;
    total = 1 + guesses + (cracks ? 1 + (int) Rand.between(rng, 5, 13) : 0);
    address = attackerAddress(rng);
  }

  @Override
  boolean step(SimEvent e, Simulator sim) {
    long t = next;
    double gap = 1_200;
    if (made == 0) {
      attacker(e, Endpoint.LOGIN);
      e.auth = AuthMethod.PASSWORD;
    } else if (made <= guesses) {
      attacker(e, Endpoint.MFA);
      e.auth = AuthMethod.MFA;
      e.mfa = 0;
      e.status = made > 20 && rng.nextBoolean() ? 429 : 401;
    } else if (made == guesses + 1) {
      attacker(e, Endpoint.MFA);
      e.auth = AuthMethod.MFA;
      e.mfa = 1;
      gap = 5_000;
    } else {
      int left = total - made;
      Endpoint ep =
          left == 1 ? Endpoint.WITHDRAW : left == 2 ? Endpoint.WHITELIST_ADD : Endpoint.BALANCES;
      attacker(e, ep);
      if (ep != Endpoint.BALANCES) {
        e.withdrawalJson = address;
      }
      e.auth = AuthMethod.JWT;
      e.mfa = 1;
      gap = 10_000;
    }
    Requests.latency(rng, e);
    after(t, gap, total);
    return true;
  }
}
