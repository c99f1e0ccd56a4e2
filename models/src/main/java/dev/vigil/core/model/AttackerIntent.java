package dev.vigil.core.model;

/**
 * The default distribution of endpoint roles in a session controlled by someone other than its
 * owner, P_att(role), against which {@code ENDPOINT_MIX} weighs a session's requests. Derived from
 * what the two things a thief does with a session's endpoints need, not fitted to any traffic:
 *
 * <ul>
 *   <li><b>Cash-out</b> (take the balance): find out what there is (account reads 0.25), make the
 *       holdings withdrawable (orders 0.10), add an address (whitelist 0.15), withdraw (0.20), and
 *       on the way log in, pass a factor, touch keys and security settings (0.05 each), glance at
 *       prices and history (0.05 each).
 *   <li><b>Exfiltration</b> (what a leaked read-only key allows): page the trade and order history
 *       (0.60), read balances and positions (0.25), open orders, the key list, prices (0.05 each).
 * </ul>
 *
 * <p>A third intent, trading abuse (pumping an illiquid contract, trading against one's own
 * accounts), is left out on purpose: its requests are orders, which is what an exchange account is
 * for, so the role of a request cannot tell it from the owner's trading; what the orders are
 * (instrument, notional) can, and the order-level terms judge that. With it in, P_att(orders)
 * (0.25) was above a retail owner's share of orders (0.12 to 0.16) and an owner's burst of trading
 * added evidence request by request.
 *
 * <p>No public figure splits takeovers between the two intents, so they are mixed with equal
 * weights (the maximum-entropy choice; any other split moves a role's LLR by at most ln 2, about
 * what the per-request cap of the test lets through). The mixture is then blended with a uniform
 * floor ({@value #FLOOR} of the mass) so that no role, {@code other} included, has probability 0.
 * The result: history 0.31, account reads 0.24, withdrawal 0.10, orders 0.08, whitelist 0.08, keys
 * and market data 0.05 each, login, second factor and security settings 0.03 each, other 0.005. The
 * endpoint-mix test uses it conditional on the roles it scores ({@link EndpointRole#inMix()}):
 * history 0.46, account reads 0.35, orders 0.11, market data 0.08, other 0.01. A retail owner
 * browsing prices (half of his requests) and placing orders drifts below it; a key that pages
 * history it never paged drifts above it.
 */
public final class AttackerIntent {
  /** Share of the mass spread uniformly over all roles. */
  public static final double FLOOR = 0.05;

  private static final double[][] INTENTS = {
    // login, 2fa, withdrawal, whitelist, keys, security, history, orders, market, account, other
    {0.05, 0.05, 0.20, 0.15, 0.05, 0.05, 0.05, 0.10, 0.05, 0.25, 0.0}, // cash-out
    {0.0, 0.0, 0.0, 0.0, 0.05, 0.0, 0.60, 0.05, 0.05, 0.25, 0.0}, // exfiltration
  };

  private AttackerIntent() {}

  /** P_att(role) indexed by {@link EndpointRole#ordinal()}, summing to 1. */
  public static double[] defaultShares() {
    double[] p = new double[EndpointRole.COUNT];
    for (double[] intent : INTENTS) {
      for (int r = 0; r < p.length; r++) {
        p[r] += intent[r] / INTENTS.length;
      }
    }
    return withFloor(p);
  }

  /** The shares conditional on a role in the mix ({@link EndpointRole#inMix()}), others 0. */
  public static double[] inMix(double[] shares) {
    double sum = 0;
    for (EndpointRole r : EndpointRole.values()) {
      sum += r.inMix() ? shares[r.ordinal()] : 0.0;
    }
    double[] p = new double[shares.length];
    for (EndpointRole r : EndpointRole.values()) {
      p[r.ordinal()] = r.inMix() ? shares[r.ordinal()] / sum : 0.0;
    }
    return p;
  }

  /** Normalises shares to sum 1 and blends them with the uniform floor. */
  static double[] withFloor(double[] shares) {
    double sum = 0;
    for (double s : shares) {
      sum += s;
    }
    double[] p = new double[shares.length];
    for (int r = 0; r < p.length; r++) {
      p[r] = (1 - FLOOR) * shares[r] / sum + FLOOR / p.length;
    }
    return p;
  }
}
