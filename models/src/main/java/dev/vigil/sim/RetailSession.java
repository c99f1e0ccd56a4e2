package dev.vigil.sim;

import java.util.SplittableRandom;

/**
 * A retail user's session: password login (and MFA when enabled, with the odd typo), then browsing
 * and occasional orders, with gaps drawn from a two-phase hyper-exponential (quick clicks, and now
 * and then an idle pause), until the planned end; a third of users log out explicitly.
 */
final class RetailSession extends Source {
  /** Mean of the quick-click phase of the gap between requests. */
  public static final double FAST_MEAN_MS = 4_000;

  /** Mean of the idle phase. */
  public static final double SLOW_MEAN_MS = 60_000;

  /** Probability that a gap is idle. */
  public static final double SLOW_PROB = 0.15;

  /**
   * Share of an owner's withdrawals that go to a wallet of theirs added to the whitelist there and
   * then (the owner's face of a thief's cash-out), so that the model cannot lean on owners never
   * doing it. A generous guess: no public figure exists. The default of {@link
   * WorldParameters#newWalletShare()}; a world may set 0 to 0.2.
   */
  public static final double NEW_WALLET_SHARE = 0.1;

  private static final int LOGIN = 0;
  private static final int MFA = 1;
  private static final int BROWSE = 2;
  private static final int LOGOUT = 3;
  private static final Endpoint[] BROWSING = {
    Endpoint.MARKETS,
    Endpoint.TICKERS,
    Endpoint.ORDERBOOK,
    Endpoint.POSITIONS,
    Endpoint.BALANCES,
    Endpoint.OPEN_ORDERS,
    Endpoint.OPTIONS_CHAIN,
    Endpoint.PUBLIC_TRADES,
    Endpoint.ORDER_HISTORY,
    Endpoint.TRADE_HISTORY,
    Endpoint.PLACE_ORDER,
    Endpoint.CANCEL_ORDER,
    Endpoint.REPLACE_ORDER,
    Endpoint.WITHDRAWALS,
    Endpoint.WITHDRAW,
    Endpoint.WHITELIST,
    Endpoint.SUBACCOUNT_TRANSFER,
    Endpoint.API_KEYS
  };
  private static final double[] BROWSING_CDF =
      Rand.cumulative(12, 12, 18, 14, 10, 8, 7, 4, 3, 2, 5, 2.5, 1, 1, 0.2, 0.5, 0.3, 0.3);

  private final Account account;
  private final WorldParameters world;
  private final SplittableRandom rng;
  final Session session;
  Origin origin;
  final Device device;
  private final long end;
  private int state = LOGIN;
  private boolean hopping;
  private long nextHop;

  /** A wallet this session just whitelisted: the next request withdraws to it. */
  private byte[] newWallet;

  RetailSession(
      Account a,
      SplittableRandom rng,
      long start,
      long minDurationMs,
      Session preset,
      Simulator sim) {
    this(a, rng, start, minDurationMs, preset, sim, false);
  }

  /**
   * @param web a browser session even when the draw says phone (the owner a stolen web cookie
   *     belongs to); the draw is made either way, so that the rest of the session is unchanged
   */
  RetailSession(
      Account a,
      SplittableRandom rng,
      long start,
      long minDurationMs,
      Session preset,
      Simulator sim,
      boolean web) {
    this.account = a;
    this.world = sim.config().world();
    this.rng = rng;
    this.session = preset != null ? preset : sim.newSession(a.id, Population.RETAIL);
    boolean mobile =
        a.mobileDevice != null && rng.nextDouble() < world.mobileSessionShare() && !web;
    Country country = a.home;
    Asn asn = mobile ? a.mobileAsn : a.homeAsn;
    Device d = mobile ? a.mobileDevice : a.device;
    if (a.hardCase == HardCase.TRAVELLER && start >= a.hardCaseAt) {
      long arrival = a.hardCaseAt + flightMillis(a.home, a.travelTo);
      if (start < arrival) {
        // In the air: no session at all.
        this.device = d;
        this.end = start;
        return;
      }
      country = a.travelTo;
      asn = Networks.pick(rng, mobile ? NetworkType.MOBILE : NetworkType.RESIDENTIAL, country);
      session.markHardCase(HardCase.TRAVELLER);
    }
    if (a.hardCase == HardCase.VPN && rng.nextBoolean()) {
      asn = Networks.pick(rng, NetworkType.VPN, country);
      session.markHardCase(HardCase.VPN);
    }
    if (a.hardCase == HardCase.NEW_DEVICE && start >= a.hardCaseAt) {
      d = a.newDevice;
      session.markHardCase(HardCase.NEW_DEVICE);
    }
    if (mobile && d == a.mobileDevice) {
      d = AppChurn.build(a, world, rng);
    }
    if (a.hardCase == HardCase.MOBILE_HOPPING && mobile) {
      hopping = true;
      nextHop = start + Rand.expMillis(rng, 180_000);
    } else if (mobile && world.mobileHopShare() > 0 && rng.nextDouble() < world.mobileHopShare()) {
      hopping = true;
      nextHop = start + Rand.expMillis(rng, 180_000);
    }
    this.device = d;
    this.origin = Origin.in(rng, asn);
    long duration =
        (long) Math.min(4 * 3_600_000.0, Math.max(30_000, Rand.logNormal(rng, 720_000, 1.0)));
    this.end = start + Math.max(duration, minDurationMs);
    this.next = start;
  }

  /** A flight at 800 km/h plus an hour at each end: the fastest plausible trip. */
  static long flightMillis(Country from, Country to) {
    return (long) (from.distanceKm(to) / 800.0 * 3_600_000) + 2 * 3_600_000L;
  }

  /** One gap of the hyper-exponential between a user's requests. */
  static long gap(SplittableRandom rng) {
    return Rand.expMillis(rng, rng.nextDouble() < SLOW_PROB ? SLOW_MEAN_MS : FAST_MEAN_MS);
  }

  @Override
  boolean step(SimEvent e, Simulator sim) {
    long t = next;
    if (t >= end && state == LOGIN) {
      next = DONE;
      return false;
    }
    if (hopping && t >= nextHop) {
      // Hops stay with carriers of the country of the account's own carrier: when the home
      // country has no mobile AS in the table, its carrier is a foreign one, and hopping to a
      // random country's carrier would fake an impossible journey.
      // A phone that joins the home wifi shows the owner's broadband address.
      boolean wifi = world.homeWifiShare() > 0 && rng.nextDouble() < world.homeWifiShare();
      Asn asn =
          wifi
              ? account.homeAsn
              : rng.nextDouble() < 0.7
                  ? account.mobileAsn
                  : Networks.pick(rng, NetworkType.MOBILE, account.mobileAsn.country());
      origin = Origin.in(rng, asn);
      nextHop = t + Rand.expMillis(rng, 180_000);
      session.markHardCase(HardCase.MOBILE_HOPPING);
    }
    e.session = session;
    e.origin = origin;
    e.device = device;
    switch (state) {
      case LOGIN -> {
        e.request(Endpoint.LOGIN).auth = AuthMethod.PASSWORD;
        e.status = rng.nextDouble() < 0.03 ? 401 : 200;
        if (e.status == 200) {
          state = account.mfa ? MFA : BROWSE;
        }
      }
      case MFA -> {
        e.request(Endpoint.MFA).auth = AuthMethod.MFA;
        e.status = rng.nextDouble() < 0.05 ? 401 : 200;
        e.mfa = e.status == 200 ? 1 : 0;
        if (e.status == 200) {
          state = BROWSE;
        }
      }
      case BROWSE -> browse(e);
      default -> {
        e.request(Endpoint.LOGOUT).auth = AuthMethod.JWT;
        e.mfa = account.mfa ? 1 : 0;
        Requests.latency(rng, e);
        next = DONE;
        return true;
      }
    }
    Requests.latency(rng, e);
    long n = t + gap(rng);
    if (state == BROWSE && n > end) {
      if (rng.nextDouble() < 0.3) {
        state = LOGOUT;
      } else {
        n = DONE;
      }
    }
    next = n;
    return true;
  }

  private void browse(SimEvent e) {
    Endpoint ep = newWallet != null ? Endpoint.WITHDRAW : BROWSING[Rand.pick(rng, BROWSING_CDF)];
    e.request(ep);
    e.auth = AuthMethod.JWT;
    e.mfa = account.mfa ? 1 : 0;
    e.status = Requests.benignStatus(rng, ep, 0.0005);
    if (ep == Endpoint.ORDERBOOK) {
      e.endpointJson = Requests.instrumentOf(rng, account).orderbookJson();
    } else if (ep.isOrder()) {
      Requests.order(rng, e, Requests.instrumentOf(rng, account), account.notionalCents);
    } else if (ep == Endpoint.WITHDRAW && newWallet != null) {
      e.withdrawalJson = newWallet;
      newWallet = null;
    } else if (ep == Endpoint.WITHDRAW && rng.nextDouble() < world.newWalletShare()) {
      newWallet = Account.freshAddress(rng);
      e.request(Endpoint.WHITELIST_ADD);
      e.withdrawalJson = newWallet;
    } else if (ep == Endpoint.WITHDRAW) {
      e.withdrawalJson = account.whitelistJson;
    }
  }
}
