package dev.vigil.sim;

import java.util.SplittableRandom;

/**
 * A legitimate owner scraping history and market data at a steady few requests per second for many
 * minutes. Abuse, not compromise: throttle it. Either next to the owner's normal clicks in the
 * owner's browsing session, or (a world's {@link WorldParameters#homeLineScraperShare()}) as a
 * script of the owner's on the home line: its own session from the owner's broadband, a password
 * (and MFA) login, a scripting user agent.
 */
final class AbuseScrapingAttack extends AttackSource {
  private static final Endpoint[] PAGES = {
    Endpoint.TRADE_HISTORY, Endpoint.ORDER_HISTORY, Endpoint.PUBLIC_TRADES, Endpoint.ORDERBOOK
  };
  private final RetailSession owner;
  private final Account account;
  private final double meanGapMs;
  private final int total;
  private final int login;

  /**
   * @param owner the owner's session the scraper shares, or null for a script on the home line
   */
  AbuseScrapingAttack(
      Account account, RetailSession owner, SplittableRandom rng, long start, Simulator sim) {
    super(rng, start);
    this.owner = owner;
    this.account = account;
    session = owner != null ? owner.session : sim.newSession(account.id, Population.RETAIL);
    session.markAttack(Scenario.ABUSE_SCRAPING, "abuse");
    double rate = 3 + 5 * rng.nextDouble();
    meanGapMs = 1000 / rate;
    int pages = (int) (rate * Rand.between(rng, 600, 1800));
    if (owner == null) {
      origin = Origin.in(rng, account.homeAsn);
      device = Device.script(rng);
      login = account.mfa ? 2 : 1;
    } else {
      login = 0;
    }
    total = login + pages;
  }

  @Override
  boolean step(SimEvent e, Simulator sim) {
    long t = next;
    if (owner != null) {
      origin = owner.origin;
      device = owner.device;
    }
    if (made < login) {
      boolean password = made == 0;
      attacker(e, password ? Endpoint.LOGIN : Endpoint.MFA);
      e.auth = password ? AuthMethod.PASSWORD : AuthMethod.MFA;
      if (!password) {
        e.mfa = 1;
      }
      Requests.latency(rng, e);
      after(t, 3_000, total);
      return true;
    }
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
