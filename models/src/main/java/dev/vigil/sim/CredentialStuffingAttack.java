package dev.vigil.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A credential-stuffing campaign: one login attempt per leaked credential, each from a rotating
 * address (residential proxies and VPNs anywhere), nearly all failing (401). The few that succeed
 * (accounts without MFA) are abused at once: balances, whitelist change, withdrawals. Failed
 * attempts are labelled kind "attempt"; successful ones "compromise".
 */
final class CredentialStuffingAttack extends AttackSource {
  private static final Endpoint[] ABUSE = {
    Endpoint.BALANCES, Endpoint.POSITIONS, Endpoint.WITHDRAWALS, Endpoint.WHITELIST
  };
  private final List<Account> attempts = new ArrayList<>();
  private final List<Boolean> succeeds = new ArrayList<>();
  private final Device[] rotation;
  private int attempt = -1;
  private int abuseLeft;
  private byte[] address;

  CredentialStuffingAttack(
      List<Account> targets, List<Account> victims, SplittableRandom rng, long start) {
    super(rng, start);
    attempts.addAll(targets);
    for (int i = 0; i < targets.size(); i++) {
      succeeds.add(false);
    }
    for (Account v : victims) {
      int at = rng.nextInt(attempts.size() + 1);
      attempts.add(at, v);
      succeeds.add(at, true);
    }
    rotation =
        new Device[] {Device.script(rng), Device.retail(rng, false), Device.retail(rng, false)};
  }

  @Override
  boolean step(SimEvent e, Simulator sim) {
    long t = next;
    if (abuseLeft > 0) {
      Endpoint ep =
          abuseLeft == 1
              ? Endpoint.WITHDRAW
              : abuseLeft == 2 ? Endpoint.WHITELIST_ADD : ABUSE[rng.nextInt(ABUSE.length)];
      attacker(e, ep);
      if (ep == Endpoint.WITHDRAW || ep == Endpoint.WHITELIST_ADD) {
        e.withdrawalJson = address;
      }
      e.auth = AuthMethod.JWT;
      e.mfa = 0;
      abuseLeft--;
      Requests.latency(rng, e);
      next = abuseLeft > 0 ? t + Rand.expMillis(rng, 8_000) : nextAttempt(t);
      return true;
    }
    attempt++;
    Account target = attempts.get(attempt);
    boolean success = succeeds.get(attempt);
    session = sim.newSession(target.id, Population.ATTACKER);
    session.markAttack(Scenario.CREDENTIAL_STUFFING, success ? "compromise" : "attempt");
    NetworkType type = rng.nextDouble() < 0.7 ? NetworkType.RESIDENTIAL : NetworkType.VPN;
    origin = Origin.in(rng, Networks.ASNS.get(pickOfType(type)));
    device = rotation[rng.nextInt(rotation.length)];
    attacker(e, Endpoint.LOGIN);
    e.auth = AuthMethod.PASSWORD;
    e.status = success ? 200 : 401;
    Requests.latency(rng, e);
    if (success) {
      abuseLeft = (int) Rand.between(rng, 6, 16);
      address = attackerAddress(rng);
      next = t + Rand.expMillis(rng, 3_000);
    } else {
      next = nextAttempt(t);
    }
    return true;
  }

  private int pickOfType(NetworkType type) {
    while (true) {
      int i = rng.nextInt(Networks.ASNS.size());
      if (Networks.ASNS.get(i).type() == type) {
        return i;
      }
    }
  }

  private long nextAttempt(long t) {
    return attempt + 1 >= attempts.size() ? DONE : t + Rand.expMillis(rng, 1_500);
  }
}
