package dev.vigil.sim;

import java.util.SplittableRandom;

/**
 * A stolen API key used from new infrastructure: reconnaissance (balances, keys, whitelist), then
 * either withdrawals to a new address or a burst of large orders on illiquid contracts.
 */
final class StolenApiKeyAttack extends AttackSource {
  private final Account victim;
  private final int recon;
  private final boolean withdraw;
  private final int total;
  private final byte[] address;

  StolenApiKeyAttack(Account victim, SplittableRandom rng, long start, Simulator sim) {
    super(rng, start);
    this.victim = victim;
    session = sim.newSession(victim.id, Population.ATTACKER);
    session.markAttack(Scenario.STOLEN_API_KEY, "compromise");
    origin = foreignInfrastructure(rng, victim.homeAsn.country());
    device = rng.nextBoolean() ? victim.device : Device.script(rng);
    recon = (int) Rand.between(rng, 4, 13);
    withdraw = rng.nextDouble() < 0.6;
    total =
        recon + (withdraw ? 1 + (int) Rand.between(rng, 1, 4) : (int) Rand.between(rng, 20, 81));
    address = attackerAddress(rng);
  }

  @Override
  boolean step(SimEvent e, Simulator sim) {
    long t = next;
    double gap;
    if (made < recon) {
      attacker(e, RECON[rng.nextInt(RECON.length)]);
      gap = 20_000;
    } else if (withdraw) {
      attacker(e, made == recon ? Endpoint.WHITELIST_ADD : Endpoint.WITHDRAW);
      e.withdrawalJson = address;
      gap = 60_000;
    } else {
      attacker(e, Endpoint.PLACE_ORDER);
      Instrument inst = Instrument.ALL.get(Instrument.LIQUID + rng.nextInt(4));
      Requests.order(rng, e, inst, victim.notionalCents * 5);
      gap = 1_000;
    }
    sign(e, victim, t);
    Requests.latency(rng, e);
    after(t, gap, total);
    return true;
  }
}
