package dev.vigil.sim;

import java.util.SplittableRandom;

/**
 * A legitimate bot session flooding market-data endpoints (a bug or greed, not a compromise): tens
 * to a hundred and more requests per second for a few minutes, quickly answered with 429. Signed
 * with the bot's own nonce sequence. The right answer is a rate limit.
 */
final class AbuseFloodAttack extends AttackSource {
  private static final Endpoint[] DATA = {
    Endpoint.ORDERBOOK, Endpoint.TICKERS, Endpoint.PUBLIC_TRADES
  };
  private final BotSource owner;
  private final double rate;
  private final int total;
  private double clock;
  private long began;

  AbuseFloodAttack(BotSource owner, SplittableRandom rng, long start) {
    super(rng, start);
    this.owner = owner;
    rate = 40 + rng.nextInt(111);
    total = (int) (rate * Rand.between(rng, 60, 181));
    clock = start;
  }

  @Override
  boolean step(SimEvent e, Simulator sim) {
    long t = next;
    if (session == null) {
      session = owner.session;
      session.markAttack(Scenario.ABUSE_FLOOD, "abuse");
      began = t;
    }
    origin = owner.origin;
    device = owner.account.device;
    Endpoint ep = DATA[rng.nextInt(DATA.length)];
    attacker(e, ep);
    if (ep == Endpoint.ORDERBOOK) {
      e.endpointJson = Instrument.ALL.get(rng.nextInt(Instrument.LIQUID)).orderbookJson();
    }
    e.auth = AuthMethod.HMAC;
    e.apiKeyJson = owner.account.apiKeyJson;
    e.clientTimestamp = owner.clientTimestamp(t, rng);
    e.nonce = owner.nextNonce(e.clientTimestamp, rng);
    e.status = t - began > 2_000 && rng.nextDouble() < 0.85 ? 429 : 200;
    Requests.latency(rng, e);
    clock += -Math.log(1.0 - rng.nextDouble()) * 1000.0 / rate;
    next = made >= total ? DONE : Math.max(t, (long) clock);
    return true;
  }
}
