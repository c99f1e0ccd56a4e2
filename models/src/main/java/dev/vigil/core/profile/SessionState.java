package dev.vigil.core.profile;

import dev.vigil.core.model.EndpointRole;
import dev.vigil.core.sketch.NonceRing;

/**
 * What Vigil remembers about one session: its compromise log-odds, where and how it started, the
 * networks it used and when, its last location, recent nonces, failure and request-rate estimates,
 * the enforcement state of the policy and its strongest evidence so far.
 *
 * <p>Bounded by construction: {@value #NETWORK_SLOTS} network slots (least recently used is
 * replaced), a ring of {@value #NONCE_SLOTS} nonce hashes, {@value #TOP_REASONS} retained reasons.
 * A session that changes IP on every request therefore stays the same size; its serialised form is
 * at most 1,024 bytes, {@value #PROVISIONAL_SLOTS} provisional lessons and {@value #OUTCOME_IDS}
 * outcome ids included (see {@link SessionStateMapper}).
 *
 * <p>Fields are public for the per-event path; the engine, learner and mapper write them. Not
 * thread-safe.
 */
public final class SessionState {
  public static final int NETWORK_SLOTS = 4;
  public static final int NONCE_SLOTS = 16;
  public static final int TOP_REASONS = 3;
  public static final int REASON_VALUES = 3;

  public long startMillis;
  public long lastMillis;
  public int events;

  /** ln(P(compromised) / P(clean)) after the last event. */
  public double logOdds;

  /** Ordinal of {@code dev.vigil.core.policy.SessionKind}. */
  public byte kind;

  /** Ordinal of {@code dev.vigil.core.policy.EnforcementLevel}. */
  public byte level;

  public long levelSinceMillis;

  /** Last commanded timeouts and rate limit; 0 means the gateway default is in force. */
  public int commandedIdleSeconds;

  public int commandedAbsoluteSeconds;
  public float commandedRequestsPerSecond;

  public long firstPrefix;
  public long firstClient;
  public long currentPrefix;
  public long currentAsn;
  public long currentClient;
  public long currentApiKey;
  public long lastEndpoint;
  public long lastInstrument;
  public long lastWithdrawalAddress;

  /** {@link #lastWithdrawalAddress} was added to the whitelist by this session. */
  public boolean addressWhitelistedHere;

  /** ... and from a network fresh to the account at the time. */
  public boolean addressWhitelistedFromFresh;

  /**
   * Instruments whose unusual-instrument evidence has counted in this session, one bit per
   * instrument hash modulo 64: each counts once, and two distinct instruments share a bit with
   * probability 1/64 (the second then goes uncounted).
   */
  public long unusualInstruments;

  /** A withdrawal to an address whitelisted in this session has been scored (once per session). */
  public boolean freshAddressWithdrawalReported;

  /** Requests seen on the current network; the account adopts the network after a few. */
  public int eventsOnNetwork;

  /** Whether the current network was rare for the account when the session moved to it. */
  public boolean currentNetworkFresh;

  public boolean currentNetworkFamiliar;
  public boolean sensitiveFreshReported;

  /**
   * The unusual-transition term has fired on the current network (once per session and network).
   */
  public boolean sensitiveTransitionReported;

  public final long[] networkPrefixes = new long[NETWORK_SLOTS];
  public final long[] networkLastSeenMillis = new long[NETWORK_SLOTS];

  public float lastLatitude = Float.NaN;
  public float lastLongitude = Float.NaN;
  public long lastGeoMillis;
  public boolean lastGeoFamiliar;

  public final NonceRing nonces = new NonceRing(NONCE_SLOTS);

  /** Highest decimal nonce seen, {@link Long#MIN_VALUE} if none. */
  public long nonceHighWater = Long.MIN_VALUE;

  public boolean clockSkewed;

  /** Decayed failure count and its time; peak of the failure term so far. */
  public float failures;

  public long failuresAtMillis;
  public float failurePeak;

  /** Decayed request counts over short (10 s), medium (60 s) and long (600 s) horizons. */
  public float rateShort;

  public float rateMedium;
  public float rateLong;
  public float ratePeakZ;

  /**
   * The highest notional z this session's orders reached ({@code unusual_notional} counts only its
   * increase, as the rate term does: a size is one fact, however many orders repeat it). Version 7
   * of the binary form; older bytes read 0.
   */
  public float notionalPeakZ;

  /** EWMA of inter-arrival seconds and of its square, for the regularity of automated clients. */
  public float intervalMean;

  public float intervalSquareMean;

  public boolean sensitiveUsed;

  /**
   * The account's rate and notional baselines (log mean, mean absolute deviation) as they were when
   * the session started: evidence compares against these, so a session cannot drag its own
   * reference along by drifting slowly.
   */
  public float refLogRateMean;

  public float refLogRateDeviation;
  public float refLogNotionalMean;
  public float refLogNotionalDeviation;

  /** Whether the account has already counted this session's starting hour. */
  public boolean hourLearned;

  /**
   * Set once the probability exceeded the poisoning guard; the profile never learns from it again.
   */
  public boolean poisoned;

  public int topCount;
  public final byte[] topCodes = new byte[TOP_REASONS];
  public final float[] topLlr = new float[TOP_REASONS];
  public final double[] topValues = new double[TOP_REASONS * REASON_VALUES];

  // --- Device, concurrency and location memory (state version 3; one block, written last) ---

  /**
   * Network prefix, resolved GeoIP accuracy radius (km) and "unplaced" flag of the last located
   * event: travel is judged only between distinct networks, net of both radii, never from a network
   * whose GeoIP place says nothing of its user (hosting; mobile unless the model says otherwise).
   * State v3 wrote the same bit as a hosting flag; a hosting network is still unplaced.
   */
  public long lastGeoPrefix;

  public float lastGeoAccuracyKm;
  public boolean lastGeoUnplaced;

  /**
   * The network the session left at its last network switch, when, and how many switches in a row
   * went back and forth between the same two networks, each within the interleave window (A, B, A,
   * B is three).
   */
  public long previousPrefix;

  public long networkSwitchMillis;
  public int networkSwitches;

  /** The same for the exact user agent (hash of the whole text, so builds differ). */
  public long currentUserAgent;

  public long previousUserAgent;
  public long userAgentSwitchMillis;
  public int userAgentSwitches;

  /**
   * Facts already counted in this session, one bit per network, client or pair hash modulo 64 (two
   * distinct ones share a bit with probability 1/64, and the second then goes uncounted): travel
   * legs, returns to a network, interleaved networks, interleaved clients, networks scored by the
   * new-network term and user agents scored by the new-client and lineage terms.
   */
  public long travelPairs;

  public long returnPairs;
  public long interleavedNetworkPairs;
  public long interleavedClientPairs;
  public long scoredNetworks;
  public long scoredUserAgents;

  // ---- Policy block (state version 3): evidence per kind, second factor, holds, kill notes ----

  /**
   * Kinds of compromise evidence counted per session: {@code EvidenceKind} NETWORK to CHALLENGE
   * (CHALLENGE, the ninth, added with state version 6; older bytes hold eight).
   */
  public static final int EVIDENCE_KINDS = 9;

  /**
   * Positive LLR summed over the session per {@code EvidenceKind} (ordinal), without the request
   * rate's terms (those go to {@link #volumeLlr}): the two-kinds kill rule reads it.
   */
  public final float[] kindLlr = new float[EVIDENCE_KINDS];

  /** Positive LLR of the request-rate term summed over the session (volume is not compromise). */
  public float volumeLlr;

  /** The session passed a second-factor check. */
  public boolean mfaPassed;

  /** Withdrawals held: 0 none, 1 addresses added in the session, 2 all. */
  public byte holdScope;

  /** A kill was withheld for want of two kinds of evidence (noted once). */
  public boolean killWithheldNoted;

  /** The session's would-be kill was counted by the kill-rate breaker (once per session). */
  public boolean killCounted;

  /** A kill degraded by the open breaker was noted (once per session). */
  public boolean killDegradedNoted;

  // --- Intent evidence (state version 3): one block, kept last, written last by the mapper. ---

  /** Requests of each endpoint role in this session, saturating at 255 (unsigned bytes). */
  public final byte[] roleCounts = new byte[EndpointRole.COUNT];

  /**
   * The account's role mix when the session started (shares, and the decayed request count they
   * stand for): the endpoint-mix test compares against it, so a session that teaches the profile
   * cannot make its own requests look usual (the same reason as the rate baselines above).
   */
  public final float[] refRoleShares = new float[EndpointRole.COUNT];

  public float refRoleRequests;

  /** The endpoint-mix test's statistic (CUSUM of capped per-request LLRs, at least 0). */
  public float mixStatistic;

  /** The endpoint-mix evidence already added in this session (its running maximum, capped). */
  public float mixReported;

  /** Time of the session's first security-setting change, 0 if none. */
  public long securityChangeMillis;

  /** Bit flags of the intent terms ({@code INTENT_*}). */
  public byte intentFlags;

  public static final byte INTENT_KEY_CHANGE_REPORTED = 1;
  public static final byte INTENT_FAST_CASH_OUT_REPORTED = 2;
  public static final byte INTENT_SECURITY_WITHDRAWAL_REPORTED = 4;

  /** The session's first client (family or API key) was new to the account. */
  public static final byte INTENT_ARRIVED_ON_NEW_CLIENT = 8;

  // --- Provisional learning (state version 4): what this session taught its account. ---

  /**
   * Lessons a session can hold back for undoing; a session with all slots in use adopts no more.
   */
  public static final int PROVISIONAL_SLOTS = 3;

  /** The adopted network's prefix was added to the account (directly or by a promotion). */
  public static final byte LESSON_NETWORK = 1;

  /** The network was on probation and this visit was counted. */
  public static final byte LESSON_PROBATION_VISIT = 2;

  /** This lesson counted the session's starting hour. */
  public static final byte LESSON_HOUR = 4;

  /** Slots in use, oldest first. */
  public int lessons;

  /**
   * Per slot: what was adopted (prefix, AS, country, client family, API key; {@code Hashing.ABSENT}
   * when absent), when, the bit set of {@code LESSON_*}, and the weight added to the prefix and AS
   * tables as a multiple of the adoption's forward-decay weight (1, or more when a promotion added
   * the visits on probation).
   */
  public final long[] lessonPrefixes = new long[PROVISIONAL_SLOTS];

  public final long[] lessonAsns = new long[PROVISIONAL_SLOTS];
  public final long[] lessonCountries = new long[PROVISIONAL_SLOTS];
  public final long[] lessonClients = new long[PROVISIONAL_SLOTS];
  public final long[] lessonApiKeys = new long[PROVISIONAL_SLOTS];
  public final long[] lessonMillis = new long[PROVISIONAL_SLOTS];
  public final byte[] lessonFlags = new byte[PROVISIONAL_SLOTS];
  public final float[] lessonNetworkMultiples = new float[PROVISIONAL_SLOTS];

  // --- Concurrent key use (state version 5). ---

  /**
   * Times this session's API key was seen in use by an older session of the account from another AS
   * (counted at most once per third of the interleave window), saturating at the report count; and
   * when the last one was counted.
   */
  public byte keyOverlaps;

  public long keyOverlapMillis;

  // --- Enforcement outcomes (state version 6): what the gateway reported back. ---

  /** Outcome ids remembered per session, so that a re-sent outcome has no second effect. */
  public static final int OUTCOME_IDS = 8;

  /**
   * 64-bit hashes of the last {@value #OUTCOME_IDS} outcome ids applied to the session, a ring
   * whose next slot is {@code outcomeCount % OUTCOME_IDS}. A gateway re-sends an outcome within
   * seconds (the reference enforcer derives the id from the command and kind, so a re-send has the
   * same id), and a session gets a handful of outcomes (one per command applied, one per step-up),
   * so eight cover the re-sends that matter; an older one re-sent after eight newer ones counts
   * again.
   */
  public final long[] outcomeIds = new long[OUTCOME_IDS];

  /** Outcomes applied to the session (the ring's write position). */
  public int outcomeCount;

  /**
   * Factors whose passed step-up has lowered the session's probability (bits of {@code
   * dev.vigil.core.model.StepUpOutcomes}): each factor counts once per session, since whoever
   * passed it once passes it again.
   */
  public byte stepUpFactorsPassed;

  // --- Exchange signals (state version 7). ---

  /**
   * Live signals of the exchange job already counted in this session ({@code ExchangeEvidence}):
   * one bit per feature of the event that can carry one (network prefix, AS, client, withdrawal
   * address, API key, session id) and two more for a counted stuffing success on the network or the
   * AS, so each counts once per session. Serialised in one byte (version 7), which with the
   * notional peak keeps the serialised session within 1 KiB.
   */
  public int scoredSignals;

  /**
   * The network the session is on is a fixed line ({@code RESIDENTIAL}), and its address is IPv6;
   * and the session's fixed-line hop has been counted ({@code fixed_line_hop}, once per session).
   * Flag bits 12 to 14 (free bits of version 1's short): older bytes read false, so a restored
   * session may count a hop once more.
   */
  public boolean currentNetworkResidential;

  public boolean currentNetworkIpv6;
  public boolean fixedLineHopReported;

  /** The bits of {@link #scoredSignals} that mark a counted stuffing success (network or AS). */
  public static final int STUFFING_SUCCESS_BITS = (1 << 6) | (1 << 7);

  /** Requests per second over the medium horizon (60 s) at the last event. */
  public double mediumRate() {
    return rateMedium / 60.0;
  }
}
