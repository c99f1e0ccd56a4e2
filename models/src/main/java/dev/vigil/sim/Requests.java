package dev.vigil.sim;

import java.util.SplittableRandom;

/** Details shared by every behaviour: latencies, status codes, orders. */
final class Requests {
  private static final double LATENCY_SIGMA = 0.6;
  private static final long MAX_NOTIONAL_CENTS = 50_000_000_00L;

  private Requests() {}

  /** Server time of the request: log-normal around the endpoint's median. */
  static void latency(SplittableRandom rng, SimEvent e) {
    double ms = Rand.logNormal(rng, e.endpoint.medianMillis(), LATENCY_SIGMA);
    e.durationNanos = (long) (ms * 1_000_000);
  }

  /** Benign status: mostly 200, with the rare validation error, throttle or server error. */
  static int benignStatus(SplittableRandom rng, Endpoint ep, double throttle) {
    double u = rng.nextDouble();
    if (u < throttle) {
      return 429;
    }
    u -= throttle;
    if (ep.isOrder() && u < 0.01) {
      return 400;
    }
    if (u < 0.0105) {
      return 500 + (rng.nextBoolean() ? 0 : 3);
    }
    return 200;
  }

  /** Fills instrument, side and a heavy-tailed notional (Pareto tail index 1.6) for an order. */
  static void order(SplittableRandom rng, SimEvent e, Instrument inst, long medianCents) {
    e.instrument = inst;
    e.side = rng.nextBoolean() ? 1 : 2;
    if (e.endpoint != Endpoint.CANCEL_ORDER) {
      double cents = Rand.pareto(rng, medianCents / 1.54, 1.6);
      e.notionalCents = (long) Math.min(cents, MAX_NOTIONAL_CENTS);
    }
  }

  static Instrument instrumentOf(SplittableRandom rng, Account a) {
    return Instrument.ALL.get(a.instruments[rng.nextInt(a.instruments.length)]);
  }
}
