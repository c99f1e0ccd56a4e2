package dev.vigil.core.evidence;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.sketch.Hashing;

/**
 * {@code concurrent_key_use}: an API key in two places at once. A copied key (leaked from a
 * repository, a CI log, a compromised laptop) is used while the owner's own program keeps running
 * on it, so the exchange sees the same key signing requests from two networks in alternation. The
 * session-level interleave terms ({@link ConcurrencyEvidence}) cannot see it, because the thief's
 * requests open a session of their own; the account's state can, since every session of the account
 * passes through it.
 *
 * <p><b>The fact.</b> A request of session S signed with key K counts one overlap when the key's
 * last request (kept per account in {@link AccountProfile#KEY_SLOTS} slots) came from another
 * session that started before S, from another AS, within {@code interleaveWindowSeconds} (30 s)
 * before it. Overlaps are counted at most once per third of that window, and the term is added once
 * per session, at the {@value #OVERLAPS}rd: both sessions were active together for at least two
 * thirds of a window, which a fail-over draining its last requests does not show. Only the newer
 * session gets it: the older one was there first (when the thief's session is the older one, the
 * owner's newer session gets it, and the key is compromised either way). A second host of the
 * owner's own provider (same AS: two regions, two servers) running the same program is not counted,
 * nor is a request whose AS is unknown. With {@code evidence.concurrentKeyOtherClient}
 * (vigil-default-8) a request from the same AS counts when its client family differs from the key's
 * last one (both known): a key is configured into one program, and two programs signing with it at
 * once, a trading bot and {@code curl} in the same cloud, is the copy, whatever the region. An
 * owner who hands the trading key to a second tool of the same provider meets it too; it is counted
 * among the 3 in 100 owners below.
 *
 * <p><b>Weight</b> ({@code evidence.concurrentKeyLlr}, vigil-default-7: 3.0 nats, ln(0.6 / 0.03)),
 * set from what the two hypotheses predict, not fitted to the simulator: a key stolen from a
 * program that runs around the clock is used while it runs, and one stolen from an occasional
 * script is not (about 0.6 of stolen keys overlap their owner); owners who run one key from two
 * providers at once (a hedging process in a second cloud, a portfolio tracker handed the trading
 * key) are taken as 3 in 100 keyed sessions. Kind {@link EvidenceKind#CONCURRENCY}. With nothing
 * else it moves the prior (1e-4) to 2e-3, far below a step-up; what it adds to is a new network and
 * an endpoint mix the key never showed (a read-only key paging the trade history).
 *
 * <p>O(KEY_SLOTS) per keyed request, no allocation. Misses, by design: a thief inside the owner's
 * own AS on the owner's client (a copied user agent), a key whose owner's program is idle, an
 * account running more than {@value AccountProfile#KEY_SLOTS} keys at once (slots are taken over by
 * the busier keys).
 */
public final class KeyConcurrencyEvidence {
  /** Overlaps that make the fact. */
  public static final int OVERLAPS = 3;

  private KeyConcurrencyEvidence() {}

  static void score(
      AccountProfile a,
      SessionState s,
      EventFeatures f,
      RiskModel.Evidence ev,
      EvidenceBuffer out) {
    if (ev.concurrentKeyLlr <= 0
        || f.apiKey == Hashing.ABSENT
        || f.asn == Hashing.ABSENT
        || s.keyOverlaps >= OVERLAPS) {
      return;
    }
    int i = slotOf(a, f.apiKey);
    if (i < 0) {
      return;
    }
    long otherStart = a.keySlotSessionStarts[i];
    boolean self = otherStart == s.startMillis && a.keySlotSessionPrefixes[i] == s.firstPrefix;
    long otherAsn = a.keySlotAsns[i];
    if (self || otherStart >= s.startMillis || otherAsn == Hashing.ABSENT) {
      return;
    }
    if (otherAsn == f.asn && !otherProgram(ev, a.keySlotClients[i], f.clientFamily)) {
      return;
    }
    long t = f.timeMillis;
    long window = (long) (ev.interleaveWindowSeconds * 1000);
    long since = t - a.keySlotMillis[i];
    if (since < 0 || since > window) {
      return;
    }
    if (s.keyOverlaps > 0 && t - s.keyOverlapMillis < window / 3) {
      return;
    }
    s.keyOverlaps++;
    s.keyOverlapMillis = t;
    if (s.keyOverlaps == OVERLAPS) {
      EvidenceExtractor.poison(s);
      EvidenceExtractor.add(
          out,
          ev,
          EvidenceCode.CONCURRENT_KEY_USE,
          ev.concurrentKeyLlr,
          OVERLAPS,
          since / 1000.0,
          ev.interleaveWindowSeconds);
    }
  }

  /**
   * Records a keyed request in its key's slot (or the stalest slot); call after the evidence step,
   * once the session's first network is known.
   */
  public static void remember(AccountProfile a, SessionState s, EventFeatures f) {
    if (f.apiKey == Hashing.ABSENT) {
      return;
    }
    int i = slotOf(a, f.apiKey);
    if (i < 0) {
      i = 0;
      for (int j = 1; j < AccountProfile.KEY_SLOTS; j++) {
        if (a.keySlotMillis[j] < a.keySlotMillis[i]) {
          i = j;
        }
      }
      a.keySlotKeys[i] = f.apiKey;
    } else if (f.timeMillis < a.keySlotMillis[i]) {
      return;
    }
    a.keySlotSessionStarts[i] = s.startMillis;
    a.keySlotSessionPrefixes[i] = s.firstPrefix;
    a.keySlotAsns[i] = f.asn;
    a.keySlotMillis[i] = f.timeMillis;
    a.keySlotClients[i] = f.clientFamily;
  }

  /** Two known, different client families on one key (only when the model asks for it). */
  private static boolean otherProgram(RiskModel.Evidence ev, long other, long mine) {
    return ev.concurrentKeyOtherClient
        && other != 0L
        && other != Hashing.ABSENT
        && mine != Hashing.ABSENT
        && other != mine;
  }

  private static int slotOf(AccountProfile a, long key) {
    for (int i = 0; i < AccountProfile.KEY_SLOTS; i++) {
      if (a.keySlotKeys[i] == key) {
        return i;
      }
    }
    return -1;
  }
}
