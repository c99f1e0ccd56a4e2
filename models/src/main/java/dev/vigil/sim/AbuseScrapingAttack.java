package dev.vigil.sim;

import java.util.SplittableRandom;

/**
 * A legitimate retail session scraping history and market data at a steady few requests per second
 * for many minutes, next to the owner's normal clicks. Abuse, not compromise: throttle it.
 */
final class AbuseScrapingAttack extends AttackSource {
  private static final Endpoint[] PAGES = {
    Endpoint.TRADE_HISTORY, Endpoint.ORDER_HISTORY, Endpoint.PUBLIC_TRADES, Endpoint.ORDERBOOK
  };
  private final RetailSession owner;
  private final Account account;
  private final double meanGapMs;
  private final int total;

  AbuseScrapingAttack(Account account, RetailSession owner, SplittableRandom rng, long start) {
    super(rng, start);
    this.owner = owner;
    this.account = account;
    session = owner.session;
    session.markAttack(Scenario.ABUSE_SCRAPING, "abuse");
    double rate = 3 + 5 * rng.nextDouble();
    meanGapMs = 1000 / rate;
    total = (int) (rate * Rand.between(rng, 600, 1800));
  }

  @Override
  boolean step(SimEvent e, Simulator sim) {
    long t = next;
    origin = owner.origin;
    device = owner.device;
    Endpoint ep = PAGES[rng.nextInt(PAGES.length)];
    attacker(e, ep);
    if (ep == Endpoint.ORDERBOOK) {
      e.endpointJson = Instrument.ALL.get(rng.nextInt(Instrument.ALL.size())).orderbookJson();
    }
    e.auth = AuthMethod.JWT;
    e.mfa = account.mfa ? 1 : 0;
    e.status = rng.nextDouble() < 0.1 ? 429 : 200;
    Requests.latency(rng, e);
    after(t, meanGapMs, total);
    return true;
  }
}
