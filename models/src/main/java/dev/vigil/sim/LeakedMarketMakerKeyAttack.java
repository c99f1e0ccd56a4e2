package dev.vigil.sim;

import java.util.SplittableRandom;

/**
 * A leaked market-maker key used to trade illiquid options: alternating buys and sells (wash
 * trades) with growing size, pushing the price of one or two thin contracts.
 */
final class LeakedMarketMakerKeyAttack extends AttackSource {
  private static final Endpoint[] ORDERS = {
    Endpoint.PLACE_ORDER, Endpoint.PLACE_ORDER, Endpoint.REPLACE_ORDER, Endpoint.CANCEL_ORDER
  };
  private final Account victim;
  private final Instrument[] targets;
  private final double meanGapMs;
  private final int total;
  private double size;

  LeakedMarketMakerKeyAttack(Account victim, SplittableRandom rng, long start, Simulator sim) {
    super(rng, start);
    this.victim = victim;
    session = sim.newSession(victim.id, Population.ATTACKER);
    session.markAttack(Scenario.LEAKED_MM_KEY, "compromise");
    origin = Origin.in(rng, Networks.pickAbroad(rng, NetworkType.CLOUD, victim.homeAsn.country()));
    device = victim.device;
    targets = new Instrument[1 + rng.nextInt(2)];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = Instrument.ALL.get(Instrument.LIQUID + rng.nextInt(4));
    }
    double rate = 1 + 2 * rng.nextDouble();
    meanGapMs = 1000 / rate;
    total = (int) (rate * Rand.between(rng, 180, 600));
    size = 2_000_000 + rng.nextInt(2_000_000);
  }

  @Override
  boolean step(SimEvent e, Simulator sim) {
    long t = next;
    attacker(e, ORDERS[rng.nextInt(ORDERS.length)]);
    e.instrument = targets[rng.nextInt(targets.length)];
    e.side = made % 2 == 0 ? 1 : 2;
    if (e.endpoint != Endpoint.CANCEL_ORDER) {
      size *= 1.02;
      e.notionalCents = (long) size;
    }
    sign(e, victim, t);
    Requests.latency(rng, e);
    after(t, meanGapMs, total);
    return true;
  }
}
