package dev.vigil.sim;

import java.util.SplittableRandom;

/**
 * A SIM swap: the attacker has the victim's number ported to a SIM of his, resets or phishes the
 * password and receives the SMS code, so the login passes password and MFA. He logs in from the
 * victim's own carrier (a mobile network of the victim's country when the victim has no phone app),
 * in the exchange's own app at the victim's current build on a phone the account never used; a few
 * minutes of browsing (balances, markets, positions), then a new whitelisted address and
 * withdrawals to it. Only the unseen phone and the cash-out give it away.
 */
final class SimSwapAttack extends AttackSource {
  private static final Endpoint[] BROWSE = {
    Endpoint.BALANCES, Endpoint.MARKETS, Endpoint.POSITIONS, Endpoint.TICKERS, Endpoint.BALANCES
  };
  private final int login;
  private final int browse;
  private final int total;
  private final byte[] address;

  SimSwapAttack(Account victim, SplittableRandom rng, long start, Simulator sim) {
    super(rng, start);
    session = sim.newSession(victim.id, Population.ATTACKER);
    session.markAttack(Scenario.SIM_SWAP, "compromise");
    Asn carrier =
        victim.mobileDevice != null && victim.mobileAsn.country().equals(victim.home)
            ? victim.mobileAsn
            : Networks.pick(rng, NetworkType.MOBILE, victim.home);
    origin = Origin.in(rng, carrier);
    device =
        victim.mobileDevice != null
            ? Device.anotherPhone(rng, victim.mobileDevice)
            : Device.retail(rng, true);
    login = 2;
    browse = (int) Rand.between(rng, 4, 13);
    total = login + browse + 1 + (int) Rand.between(rng, 1, 4);
    address = attackerAddress(rng);
  }

  @Override
  boolean step(SimEvent e, Simulator sim) {
    long t = next;
    double gap = 20_000;
    if (made == 0) {
      attacker(e, Endpoint.LOGIN);
      e.auth = AuthMethod.PASSWORD;
      gap = 6_000;
    } else if (made < login) {
      attacker(e, Endpoint.MFA);
      e.auth = AuthMethod.MFA;
      e.mfa = 1;
      gap = 4_000;
    } else {
      int i = made - login;
      Endpoint ep =
          i < browse
              ? BROWSE[rng.nextInt(BROWSE.length)]
              : i == browse ? Endpoint.WHITELIST_ADD : Endpoint.WITHDRAW;
      attacker(e, ep);
      if (ep == Endpoint.WHITELIST_ADD || ep == Endpoint.WITHDRAW) {
        e.withdrawalJson = address;
        gap = 30_000;
      }
      e.auth = AuthMethod.JWT;
      e.mfa = 1;
    }
    Requests.latency(rng, e);
    after(t, gap, total);
    return true;
  }
}
