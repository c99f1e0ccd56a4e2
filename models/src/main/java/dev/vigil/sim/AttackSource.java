package dev.vigil.sim;

import java.util.SplittableRandom;

/** Common parts of the attack behaviours: the attacker's session, network, client and clock. */
abstract class AttackSource extends Source {
  static final Endpoint[] RECON = {
    Endpoint.BALANCES,
    Endpoint.POSITIONS,
    Endpoint.API_KEYS,
    Endpoint.WITHDRAWALS,
    Endpoint.WHITELIST,
    Endpoint.OPEN_ORDERS,
    Endpoint.TRADE_HISTORY
  };

  final SplittableRandom rng;
  Session session;
  Origin origin;
  Device device;

  /** Requests made so far. */
  int made;

  private long attackerNonce;
  private final double clockOffsetMs;

  AttackSource(SplittableRandom rng, long start) {
    this.rng = rng;
    this.next = start;
    this.clockOffsetMs = rng.nextGaussian() * 300;
  }

  /** Fills the parts every attacker request has. */
  void attacker(SimEvent e, Endpoint ep) {
    e.session = session;
    e.origin = origin;
    e.device = device;
    e.attacker = true;
    e.request(ep);
    made++;
  }

  /** Signs with the attacker's own clock and nonce counter (it cannot see the owner's). */
  void sign(SimEvent e, Account victim, long t) {
    e.auth = AuthMethod.HMAC;
    e.apiKeyJson = victim.apiKeyJson;
    e.clientTimestamp = t - 20 - rng.nextInt(80) + Math.round(clockOffsetMs);
    attackerNonce = Math.max(attackerNonce + 1, e.clientTimestamp * 1000 + rng.nextInt(1000));
    e.nonce = attackerNonce;
  }

  /** A fresh withdrawal address of the attacker's (bech32-looking). */
  static byte[] attackerAddress(SplittableRandom rng) {
    return Account.freshAddress(rng);
  }

  /** The attacker's network: a VPN or hosting AS, or a cloud region, away from {@code home}. */
  static Origin foreignInfrastructure(SplittableRandom rng, Country home) {
    NetworkType t = rng.nextBoolean() ? NetworkType.VPN : NetworkType.CLOUD;
    return Origin.in(rng, Networks.pickAbroad(rng, t, home));
  }

  void after(long t, double meanGapMs, int total) {
    next = made >= total ? DONE : t + Rand.expMillis(rng, meanGapMs);
  }
}
