package dev.vigil.core.profile;

import dev.vigil.core.model.EndpointRole;
import dev.vigil.core.sketch.DecayedTopK;

/**
 * What is normal for one account's owner, learned online from its own clean traffic.
 *
 * <p>Categorical features are bounded {@link DecayedTopK} tables with forward decay (one landmark
 * for the whole profile); numeric behaviour (request rate, order notional) is a robust EWMA of the
 * logarithm with a clipped (Huber) update. Capacities are fixed: networks /24 or /48 ({@value
 * #PREFIXES}), AS numbers ({@value #ASNS}), countries ({@value #COUNTRIES}), client families
 * ({@value #CLIENTS}), API keys ({@value #API_KEYS}), endpoints ({@value #ENDPOINTS}), endpoint
 * transitions ({@value #TRANSITIONS}), instruments ({@value #INSTRUMENTS}), withdrawal addresses
 * ({@value #WITHDRAWAL_ADDRESSES}), plus 24 hour-of-day bins and one decayed count per endpoint
 * role ({@link EndpointRole#COUNT}). That is 94 table entries, plus {@value ClientLineages#SLOTS}
 * client lineages, a decayed count of new sessions, {@value #PROBATION} networks on probation and
 * {@value #KEY_SLOTS} API-key slots, so the serialised form is at most about 1.8 KiB whatever the
 * input (see {@link AccountProfileMapper}). Each table's error bound is that of Space-Saving:
 * counts are over-estimated by at most total / K, and any value not held has decayed weight at most
 * total / K.
 *
 * <p>Fields are public for the per-event path; only {@link ProfileLearner} and the mapper write
 * them. Not thread-safe: one instance per account, owned by one keyed operator.
 */
public final class AccountProfile {
  public static final int PREFIXES = 8;
  public static final int ASNS = 8;
  public static final int COUNTRIES = 4;
  public static final int CLIENTS = 6;
  public static final int API_KEYS = 4;
  public static final int ENDPOINTS = 16;
  public static final int TRANSITIONS = 32;
  public static final int INSTRUMENTS = 8;
  public static final int WITHDRAWAL_ADDRESSES = 8;
  public static final int HOURS = 24;

  /**
   * Forward-decay landmark shared by every table; {@link Long#MIN_VALUE} before the first event.
   */
  public long landmarkMillis = Long.MIN_VALUE;

  public long lastSeenMillis;

  /** Sessions whose network the profile adopted (a maturity measure). */
  public int sessionsLearned;

  public final DecayedTopK prefixes = new DecayedTopK(PREFIXES);
  public final DecayedTopK asns = new DecayedTopK(ASNS);
  public final DecayedTopK countries = new DecayedTopK(COUNTRIES);
  public final DecayedTopK clients = new DecayedTopK(CLIENTS);
  public final DecayedTopK apiKeys = new DecayedTopK(API_KEYS);
  public final DecayedTopK endpoints = new DecayedTopK(ENDPOINTS);
  public final DecayedTopK transitions = new DecayedTopK(TRANSITIONS);
  public final DecayedTopK instruments = new DecayedTopK(INSTRUMENTS);
  public final DecayedTopK withdrawalAddresses = new DecayedTopK(WITHDRAWAL_ADDRESSES);
  public final float[] hours = new float[HOURS];
  public float hoursTotal;

  /** Decayed request counts per endpoint role ({@link EndpointRole} ordinals), and their sum. */
  public final float[] roles = new float[EndpointRole.COUNT];

  public float rolesTotal;

  /** Robust EWMA of ln(requests per second over the session's medium horizon). */
  public float logRateMean;

  public float logRateDeviation;
  public float rateObservations;

  /** Robust EWMA of ln(order notional in USD). */
  public float logNotionalMean;

  public float logNotionalDeviation;
  public float notionalObservations;

  /** Decayed count of failed authentications on this account, with its time. */
  public float failures;

  public long failuresAtMillis;

  /**
   * Decayed count of sessions started on this account, and its time (version 3 of the mapper): the
   * session-burst term reads it. Counted for every new session, clean or not.
   */
  public float newSessions;

  public long newSessionsAtMillis;

  /**
   * Networks on probation (version 4 of the mapper): a network whose prefix and AS are both new to
   * an account that already knows one is not adopted at once. Each slot keeps the network (its AS
   * hash, or its prefix when the AS is unknown), the last prefix seen, the time of its last counted
   * visit, the number of visits counted and the weight the visits would have added. {@link
   * ProfileLearner} adopts it after {@value ProfileLearner#FAMILIAR_AFTER_VISITS} visits at least
   * {@value ProfileLearner#VISIT_GAP_HOURS} hours apart. {@value #PROBATION} slots; the stalest is
   * replaced.
   */
  public static final int PROBATION = 4;

  public final long[] probationPrefixes = new long[PROBATION];
  public final long[] probationNetworks = new long[PROBATION];
  public final long[] probationVisitMillis = new long[PROBATION];
  public final byte[] probationVisits = new byte[PROBATION];
  public final float[] probationWeights = new float[PROBATION];

  /**
   * The last request of each of the account's most recently used API keys (version 5 of the
   * mapper), for the concurrent-key term ({@code dev.vigil.core.evidence.KeyConcurrencyEvidence}):
   * per slot the key, the session that made the request (its start time and first network, which
   * identify it within the account), the request's AS and time, and (version 6) the request's
   * client family. {@value #KEY_SLOTS} slots, the stalest replaced: an account that runs more keys
   * at once than that sees fewer overlaps. Not learning (clean or not, every keyed request writes
   * it), so no rollback applies.
   */
  public static final int KEY_SLOTS = 2;

  public final long[] keySlotKeys = new long[KEY_SLOTS];
  public final long[] keySlotSessionStarts = new long[KEY_SLOTS];
  public final long[] keySlotSessionPrefixes = new long[KEY_SLOTS];
  public final long[] keySlotAsns = new long[KEY_SLOTS];
  public final long[] keySlotMillis = new long[KEY_SLOTS];
  public final long[] keySlotClients = new long[KEY_SLOTS];

  /**
   * What the account-level incident response sent (version 8 of the mapper), so one incident gives
   * each action once ({@code dev.vigil.core.policy.AccountResponsePolicy}): per account action
   * ({@code AccountAction} ordinals: log out everywhere, hold withdrawals, require re-verification)
   * the time it was last sent, 0 never; the last {@value #REVOKED_KEYS} keys revoked and when; and
   * the account's command sequence (the order of its account commands, strictly increasing). Not
   * learning: no rollback applies.
   */
  public static final int ACCOUNT_ACTIONS = 3;

  public static final int REVOKED_KEYS = 2;

  public final long[] accountActionMillis = new long[ACCOUNT_ACTIONS];
  public final long[] revokedKeys = new long[REVOKED_KEYS];
  public final long[] revokedKeyMillis = new long[REVOKED_KEYS];
  public long accountCommandSequence;

  /** Per (client family, platform) the newest build the owner used (version 2 of the mapper). */
  public final ClientLineages lineages = new ClientLineages();

  /** The device models the owner's user agents named (version 7 of the mapper). */
  public final ClientDevices devices = new ClientDevices();

  /** The forward-decay weight at {@code nowMillis}; 1 at the first event of a fresh profile. */
  public double weightAt(long nowMillis, double tauMillis) {
    if (landmarkMillis == Long.MIN_VALUE) {
      return 1.0;
    }
    return ForwardDecay.weight(nowMillis, landmarkMillis, tauMillis);
  }

  /**
   * Fixes the landmark on first use and rescales every table when weights grow too large; returns
   * the weight of an observation at {@code nowMillis}.
   */
  double advance(long nowMillis, double tauMillis) {
    if (landmarkMillis == Long.MIN_VALUE) {
      landmarkMillis = nowMillis;
      return 1.0;
    }
    double w = ForwardDecay.weight(nowMillis, landmarkMillis, tauMillis);
    if (w > ForwardDecay.RESCALE_ABOVE) {
      float f = (float) (1.0 / w);
      for (DecayedTopK t : tables()) {
        t.rescale(f);
      }
      for (int h = 0; h < HOURS; h++) {
        hours[h] *= f;
      }
      hoursTotal *= f;
      for (int r = 0; r < EndpointRole.COUNT; r++) {
        roles[r] *= f;
      }
      rolesTotal *= f;
      for (int p = 0; p < PROBATION; p++) {
        probationWeights[p] *= f;
      }
      landmarkMillis = nowMillis;
      w = 1.0;
    }
    return w;
  }

  /** The categorical tables in their serialised order. */
  public DecayedTopK[] tables() {
    return new DecayedTopK[] {
      prefixes,
      asns,
      countries,
      clients,
      apiKeys,
      endpoints,
      transitions,
      instruments,
      withdrawalAddresses
    };
  }

  /**
   * Standard deviation of a log baseline from its mean absolute deviation (sigma = 1.2533 MAD for a
   * normal distribution), at least 0.25 so that a very regular account is not scored on noise.
   */
  public static double logSigma(float meanAbsDeviation) {
    return Math.max(0.25, 1.2533 * meanAbsDeviation);
  }
}
