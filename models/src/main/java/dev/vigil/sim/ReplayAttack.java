package dev.vigil.sim;

import java.util.SplittableRandom;

/**
 * Replay of captured signed requests: the bot's own order requests, re-sent byte for byte from
 * another network (same nonce, same now-stale client timestamp), in the bot's session. Most are
 * rejected (401), a lax gateway lets some through.
 */
final class ReplayAttack extends AttackSource {
  private final BotSource owner;
  private final int wanted;
  private int total;
  private int tries;
  private long[] nonces;
  private long[] timestamps;
  private Endpoint[] endpoints;
  private Instrument[] instruments;
  private int[] sides;
  private long[] notionals;

  ReplayAttack(BotSource owner, SplittableRandom rng, long start) {
    super(rng, start);
    this.owner = owner;
    owner.capture = true;
    origin = foreignInfrastructure(rng, owner.account.homeAsn.country());
    device = owner.account.device;
    wanted = (int) Rand.between(rng, 5, 31);
  }

  @Override
  boolean step(SimEvent e, Simulator sim) {
    long t = next;
    if (session == null) {
      if (owner.captured == 0) {
        // Nothing captured yet: the attacker waits for traffic to sniff.
        next = ++tries > 20 ? DONE : t + 30_000;
        return false;
      }
      session = owner.session;
      session.markAttack(Scenario.REPLAY, "compromise");
      snapshot();
    }
    int i = made;
    attacker(e, endpoints[i]);
    e.auth = AuthMethod.HMAC;
    e.apiKeyJson = owner.account.apiKeyJson;
    e.nonce = nonces[i];
    e.clientTimestamp = timestamps[i];
    e.instrument = instruments[i];
    e.side = sides[i];
    e.notionalCents = notionals[i];
    e.status = rng.nextDouble() < 0.8 ? 401 : 200;
    Requests.latency(rng, e);
    after(t, 2_000, total);
    return true;
  }

  /** Copies the captured requests, oldest first: what the attacker recorded. */
  private void snapshot() {
    int ring = owner.capturedNonce.length;
    int available = Math.min(owner.captured, ring);
    total = Math.min(wanted, available);
    nonces = new long[total];
    timestamps = new long[total];
    endpoints = new Endpoint[total];
    instruments = new Instrument[total];
    sides = new int[total];
    notionals = new long[total];
    int first = owner.captured - available;
    for (int k = 0; k < total; k++) {
      int i = (first + k) % ring;
      nonces[k] = owner.capturedNonce[i];
      timestamps[k] = owner.capturedTimestamp[i];
      endpoints[k] = owner.capturedEndpoint[i];
      instruments[k] = owner.capturedInstrument[i];
      sides[k] = owner.capturedSide[i];
      notionals[k] = owner.capturedNotional[i];
    }
  }
}
