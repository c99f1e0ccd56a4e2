package dev.vigil.sim;

import java.util.SplittableRandom;

/**
 * An institutional OAuth2 client: client-credentials token, then a Poisson stream of position,
 * order and treasury requests at the account's rate, refreshing the access token every 15 minutes
 * (the session id is the refresh-token family, so it survives refreshes).
 */
final class InstitutionalSession extends Source {
  static final long REFRESH_EVERY_MS = 15 * 60_000L;
  private static final Endpoint[] CALLS = {
    Endpoint.POSITIONS,
    Endpoint.BALANCES,
    Endpoint.OPEN_ORDERS,
    Endpoint.PLACE_ORDER,
    Endpoint.CANCEL_ORDER,
    Endpoint.ORDER_HISTORY,
    Endpoint.TRADE_HISTORY,
    Endpoint.SUBACCOUNT_TRANSFER,
    Endpoint.WITHDRAWALS,
    Endpoint.WITHDRAW,
    Endpoint.OPTIONS_CHAIN
  };
  private static final double[] CALLS_CDF = Rand.cumulative(20, 12, 15, 20, 10, 6, 6, 3, 3, 0.3, 5);

  private final Account account;
  private final SplittableRandom rng;
  private final Session session;
  private final Origin origin;
  private final long end;
  private boolean tokenIssued;
  private long nextRefresh;

  InstitutionalSession(Account a, SplittableRandom rng, long start, Simulator sim) {
    this.account = a;
    this.rng = rng;
    this.session = sim.newSession(a.id, Population.INSTITUTIONAL);
    this.origin = Origin.in(rng, a.homeAsn);
    this.end = start + (long) Math.max(600_000, Rand.logNormal(rng, 2 * 3_600_000.0, 0.5));
    this.next = start;
  }

  @Override
  boolean step(SimEvent e, Simulator sim) {
    long t = next;
    e.session = session;
    e.origin = origin;
    e.device = account.device;
    e.apiKeyJson = account.apiKeyJson;
    if (!tokenIssued) {
      e.request(Endpoint.OAUTH_TOKEN).auth = AuthMethod.OAUTH2;
      tokenIssued = true;
      nextRefresh = t + REFRESH_EVERY_MS;
    } else if (t >= nextRefresh) {
      e.request(Endpoint.OAUTH_REFRESH).auth = AuthMethod.REFRESH;
      nextRefresh = t + REFRESH_EVERY_MS;
    } else {
      Endpoint ep = CALLS[Rand.pick(rng, CALLS_CDF)];
      e.request(ep).auth = AuthMethod.OAUTH2;
      e.status = Requests.benignStatus(rng, ep, 0.001);
      if (ep.isOrder()) {
        Requests.order(rng, e, Requests.instrumentOf(rng, account), account.notionalCents);
      } else if (ep == Endpoint.WITHDRAW) {
        e.withdrawalJson = account.whitelistJson;
      }
    }
    Requests.latency(rng, e);
    long n = t + Rand.expMillis(rng, 1000.0 / account.requestRate);
    next = n > end ? DONE : n;
    return true;
  }
}
