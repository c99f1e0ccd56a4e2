package dev.vigil.core.policy;

import dev.vigil.core.evidence.EventFeatures;
import dev.vigil.core.exchange.LiveSignals;
import dev.vigil.core.exchange.SignalSubjects;
import dev.vigil.core.sketch.Hashing;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;

/**
 * Whether a session comes from a source the exchange job names as driving an endpoint's request
 * flood (a live {@code FLOOD_SOURCE} signal on its network, client fingerprint or account; issue
 * 12, fair-access and DoS limits), for {@link RateLimitPolicy}: such a session's rate limit is
 * {@link #LIMIT_FACTOR} of the limit it would otherwise have. Abuse is not compromise: the signal
 * adds no evidence and moves no probability, it only throttles, so volume alone never steps up or
 * kills; sessions from other sources, bots at their usual pace included, are not touched.
 *
 * <p><b>Cost.</b> Nothing while the table is empty; else at most three lookups ({@link
 * LiveSignals#find}, O(1)), the account id hashed only while an ACCOUNT signal is held; no
 * allocation.
 */
public final class FloodThrottle {
  /**
   * A flood source's limit, as a fraction of the session's usual one: the exchange job names a
   * source when it holds a fifth or more of a minute in which the endpoint ran at twice its
   * expected volume or more, so the source alone ran at two-fifths or more of the endpoint's whole
   * usual traffic; a quarter of its fair share brings it far below that, while its owner, if
   * legitimate, can still work slowly (a throttle, not a block).
   */
  public static final double LIMIT_FACTOR = 0.25;

  private static final int FLOOD = SignalKind.FLOOD_SOURCE.ordinal();
  private static final int ACCOUNT = SignalSubject.ACCOUNT.ordinal();

  private FloodThrottle() {}

  /**
   * The slot of the live flood-source signal on the event's network, client or account (the first
   * found, in that order), or -1.
   */
  public static int find(
      LiveSignals signals, EventFeatures f, CharSequence accountId, long nowMillis) {
    if (signals == null || signals.size() == 0) {
      return -1;
    }
    int slot = live(signals, SignalSubjects.floodKey(SignalSubject.NETWORK, f.prefix), nowMillis);
    if (slot < 0) {
      slot = live(signals, SignalSubjects.floodKey(SignalSubject.CLIENT, f.client), nowMillis);
    }
    if (slot < 0 && signals.size(ACCOUNT) > 0 && accountId != null) {
      long key = SignalSubjects.floodKey(SignalSubject.ACCOUNT, Hashing.of(accountId));
      slot = live(signals, key, nowMillis);
    }
    return slot;
  }

  private static int live(LiveSignals signals, long key, long nowMillis) {
    int slot = signals.find(key, nowMillis);
    return slot >= 0 && signals.kind(slot) == FLOOD ? slot : -1;
  }

  /** Reason value 0 of a slot's subject: 1 network, 2 client, 3 account. */
  static int source(LiveSignals signals, int slot) {
    int type = signals.subjectType(slot);
    return type == SignalSubject.NETWORK.ordinal()
        ? 1
        : type == SignalSubject.CLIENT.ordinal() ? 2 : 3;
  }
}
