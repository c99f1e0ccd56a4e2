package dev.vigil.sim;

import java.util.SplittableRandom;

/**
 * An algorithmic trader or market maker: HMAC-signed requests (strictly increasing nonces, signed
 * client timestamps) as a Poisson stream at the account's rate, in API-key sessions that last hours
 * and reconnect (sometimes from a fresh address after a redeploy). Hard cases: fail-over to another
 * cloud region (or, in some worlds, another provider), bursts around funding times (00:00, 08:00,
 * 16:00 UTC), a drifting client clock.
 */
final class BotSource extends Source {
  static final long FUNDING_PERIOD_MS = 8 * 3_600_000L;
  static final long BURST_BEFORE_MS = 30_000;
  static final long BURST_AFTER_MS = 90_000;
  static final double BURST_FACTOR = 6;
  private static final int CAPTURE = 64;

  private static final Endpoint[] BOT_CALLS = {
    Endpoint.PLACE_ORDER,
    Endpoint.CANCEL_ORDER,
    Endpoint.REPLACE_ORDER,
    Endpoint.OPEN_ORDERS,
    Endpoint.POSITIONS,
    Endpoint.BALANCES,
    Endpoint.ORDERBOOK
  };
  private static final double[] BOT_CDF = Rand.cumulative(35, 30, 15, 8, 6, 3, 3);
  private static final double[] MM_CDF = Rand.cumulative(30, 35, 30, 2, 3, 0, 0);

  final Account account;
  private final SplittableRandom rng;
  private final double[] mix;
  private final long windowStart;
  Session session;
  Origin origin;
  private Asn asn;
  private double clock;
  private long sessionEnd;
  private long nonce;
  private final double clockOffsetMs;
  private final double driftPerMs;
  private long failoverAt = Long.MAX_VALUE;

  /** Ring of recently signed requests, kept only when a replay attack will read it. */
  boolean capture;

  final long[] capturedNonce = new long[CAPTURE];
  final long[] capturedTimestamp = new long[CAPTURE];
  final Endpoint[] capturedEndpoint = new Endpoint[CAPTURE];
  final Instrument[] capturedInstrument = new Instrument[CAPTURE];
  final int[] capturedSide = new int[CAPTURE];
  final long[] capturedNotional = new long[CAPTURE];
  int captured;

  /**
   * @param start first request (the warm-up's start, if any)
   * @param windowStart start of the evaluated window: fail-over and clock drift happen after it
   */
  BotSource(
      Account a, SplittableRandom rng, long start, long windowStart, long end, Simulator sim) {
    this.account = a;
    this.rng = rng;
    this.windowStart = windowStart;
    this.mix = a.population == Population.MARKET_MAKER ? MM_CDF : BOT_CDF;
    this.asn = a.homeAsn;
    this.origin = Origin.in(rng, asn);
    this.session = sim.newSession(a.id, a.population);
    this.sessionEnd = start + sessionLength();
    this.clockOffsetMs = rng.nextGaussian() * 40;
    if (a.hardCase == HardCase.CLOCK_DRIFT) {
      // 100-400 ms per minute either way: seconds off within the hour.
      this.driftPerMs = (rng.nextBoolean() ? 1 : -1) * Rand.between(rng, 100, 400) / 60_000.0;
    } else {
      this.driftPerMs = 0;
    }
    if (a.hardCase == HardCase.BOT_FAILOVER) {
      failoverAt = windowStart + (long) ((end - windowStart) * (0.2 + 0.6 * rng.nextDouble()));
    }
    this.clock = start + rng.nextDouble() * 1000.0 / a.requestRate;
    this.next = (long) clock;
  }

  private long sessionLength() {
    double median = account.population == Population.MARKET_MAKER ? 12 : 6;
    return (long) Math.max(600_000, Rand.logNormal(rng, median * 3_600_000, 0.7));
  }

  /** Whether {@code t} falls in a burst window around a funding time. */
  static boolean inBurst(long t) {
    long phase = Math.floorMod(t + BURST_BEFORE_MS, FUNDING_PERIOD_MS);
    return phase < BURST_BEFORE_MS + BURST_AFTER_MS;
  }

  /** The client's signed time for a request the server sees at {@code t}. */
  long clientTimestamp(long t, SplittableRandom r) {
    double offset = clockOffsetMs + driftPerMs * Math.max(0, t - windowStart);
    return t - 5 - r.nextInt(40) + Math.round(offset);
  }

  /** The next nonce of this API key: microseconds of client time, strictly increasing. */
  long nextNonce(long clientTs, SplittableRandom r) {
    nonce = Math.max(nonce + 1, clientTs * 1000 + r.nextInt(1000));
    return nonce;
  }

  @Override
  boolean step(SimEvent e, Simulator sim) {
    long t = next;
    if (t >= failoverAt) {
      failoverAt = Long.MAX_VALUE;
      double cross = sim.config().world().botFailoverOtherProvider();
      if (cross > 0 && rng.nextDouble() < cross) {
        asn = Networks.otherProvider(rng, asn);
      } else {
        Asn other = Networks.otherRegion(rng, asn);
        asn = other != null ? other : Networks.pickAbroad(rng, NetworkType.CLOUD, asn.country());
      }
      origin = Origin.in(rng, asn);
      session = sim.newSession(account.id, account.population);
      session.markHardCase(HardCase.BOT_FAILOVER);
      sessionEnd = t + sessionLength();
    } else if (t >= sessionEnd) {
      if (rng.nextDouble() < 0.3) {
        origin = Origin.in(rng, asn);
      }
      session = sim.newSession(account.id, account.population);
      sessionEnd = t + sessionLength();
    }
    boolean burst = account.hardCase == HardCase.MARKET_OPEN_BURST && inBurst(t);
    if (burst) {
      session.markHardCase(HardCase.MARKET_OPEN_BURST);
    }
    if (driftPerMs != 0 && t >= windowStart) {
      session.markHardCase(HardCase.CLOCK_DRIFT);
    }
    Endpoint ep = BOT_CALLS[Rand.pick(rng, mix)];
    e.session = session;
    e.origin = origin;
    e.device = account.device;
    e.apiKeyJson = account.apiKeyJson;
    e.auth = AuthMethod.HMAC;
    e.request(ep);
    double throttle = account.population == Population.MARKET_MAKER ? 0.01 : 0.002;
    e.status = Requests.benignStatus(rng, ep, burst ? 0.05 : throttle);
    if (ep == Endpoint.ORDERBOOK) {
      e.endpointJson = Requests.instrumentOf(rng, account).orderbookJson();
    } else if (ep.isOrder()) {
      Requests.order(rng, e, Requests.instrumentOf(rng, account), account.notionalCents);
    }
    e.clientTimestamp = clientTimestamp(t, rng);
    e.nonce = nextNonce(e.clientTimestamp, rng);
    Requests.latency(rng, e);
    if (capture && ep.isOrder()) {
      int i = captured++ % CAPTURE;
      capturedNonce[i] = e.nonce;
      capturedTimestamp[i] = e.clientTimestamp;
      capturedEndpoint[i] = ep;
      capturedInstrument[i] = e.instrument;
      capturedSide[i] = e.side;
      capturedNotional[i] = e.notionalCents;
    }
    double rate = account.requestRate * (burst ? BURST_FACTOR : 1);
    clock += -Math.log(1.0 - rng.nextDouble()) * 1000.0 / rate;
    next = Math.max(t, (long) clock);
    return true;
  }
}
