package dev.vigil.sim;

import java.util.SplittableRandom;

/**
 * A leaked read-only API key (the victim's own key id, correctly signed) used from a cloud or
 * hosting network abroad to pull the account's trade and order history page after page and its
 * export, 30 to 120 requests about a second and a half apart. It never trades or withdraws: the
 * loss is the data (positions, strategy, counterparties), and nothing but where it comes from and
 * what it reads sets it apart from the owner's own reporting script.
 */
final class ReadOnlyKeyExfilAttack extends AttackSource {
  private static final Endpoint[] PAGES = {
    Endpoint.TRADE_HISTORY,
    Endpoint.TRADE_HISTORY,
    Endpoint.ORDER_HISTORY,
    Endpoint.ORDER_HISTORY,
    Endpoint.TRADES_EXPORT
  };
  private final Account victim;
  private final int total;

  ReadOnlyKeyExfilAttack(Account victim, SplittableRandom rng, long start, Simulator sim) {
    super(rng, start);
    this.victim = victim;
    session = sim.newSession(victim.id, Population.ATTACKER);
    session.markAttack(Scenario.READONLY_KEY_EXFIL, "compromise");
    origin = foreignInfrastructure(rng, victim.homeAsn.country());
    device = rng.nextBoolean() ? victim.device : Device.script(rng);
    total = (int) Rand.between(rng, 30, 121);
  }

  @Override
  boolean step(SimEvent e, Simulator sim) {
    long t = next;
    attacker(e, made == 0 ? Endpoint.BALANCES : PAGES[rng.nextInt(PAGES.length)]);
    sign(e, victim, t);
    e.status = Requests.benignStatus(rng, e.endpoint, 0.01);
    Requests.latency(rng, e);
    after(t, 1_500, total);
    return true;
  }
}
