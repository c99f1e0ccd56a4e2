package dev.vigil.core.model;

import dev.vigil.core.evidence.EvidenceCode;
import java.util.List;

/**
 * Weights and shapes of the evidence terms (log-likelihood ratios in nats): section {@code
 * evidence} of the model document (see {@code models/artifacts/README.md} for the meaning and range
 * of every key). Immutable; fields are public and final so the per-event path reads them without
 * indirection. Callers name it {@link RiskModel.Evidence}, the only subclass.
 */
public abstract class EvidenceSettings {
  public final double llrMin;
  public final double llrMax;
  public final double weightNetworkPrefix;
  public final double weightNetworkAsn;
  public final double weightNetworkCountry;
  public final double weightClientFamily;
  public final double weightApiKey;
  public final double weightHour;
  public final double concurrentWindowSeconds;
  public final double concurrentLlr;
  public final double travelMaxSpeedKmh;
  public final double travelMinDistanceKm;
  public final double travelLlr;
  public final double familiarTravelDiscount;
  public final double replayWindowSeconds;
  public final double replayLlr;
  public final double receiveWindowSeconds;
  public final double clockSkewLlr;
  public final double failureHalfLifeSeconds;
  public final double failureAllowance;
  public final double failureLlrPerDoubling;
  public final double rateZThreshold;
  public final double rateLlrPerSigma;
  public final double baselineMinObservations;
  public final double behaviourPriorProbability;
  public final double sensitiveAttackerProbability;
  public final double weightTransition;
  public final double weightInstrument;
  public final double notionalZThreshold;
  public final double notionalLlrPerSigma;
  public final double weightWithdrawalAddress;
  public final double freshNetworkMaxAccountShare;
  public final double sensitiveFreshLlr;
  public final double attackerNewKeyProbability;
  public final double mfaPassedLlr;
  public final List<String> sensitivePathPrefixes;

  /** {@link #sensitivePathPrefixes} as rules for the per-event path. */
  public final PathRules sensitive;

  /**
   * Endpoints that add a withdrawal address to the account's whitelist (optional key {@code
   * whitelistPathPrefixes}; none if absent).
   */
  public final PathRules whitelist;

  /**
   * LLR added for each failed authentication beyond the allowance (optional; 0 if absent), on top
   * of the per-doubling term: see {@code EvidenceExtractor}.
   */
  public final double failureLlrPerFailure;

  /**
   * LLR of a withdrawal to an address the same session added to the whitelist from a network fresh
   * to the account (optional; 0 if absent). Discounted by {@link #familiarTravelDiscount} when the
   * address was added from a familiar network.
   */
  public final double freshAddressWithdrawalLlr;

  // Device, concurrency and location terms (optional; see artifacts/README.md).

  /** GeoIP accuracy radius (km) assumed for an event without one (optional; 100 if absent). */
  public final double geoDefaultAccuracyKm;

  /**
   * Whether travel is never judged from or to a {@code mobile} network, as for hosting (optional;
   * true if absent): a cellular address is placed where the carrier's packet gateway is, which with
   * home-routed roaming may be on another continent from the phone.
   */
  public final boolean travelSkipsMobile;

  /** Longest gap between two switches that still counts as interleaving (optional; 30 s). */
  public final double interleaveWindowSeconds;

  /** LLR of one session interleaving two networks (optional; 0 = off if absent). */
  public final double interleavedNetworksLlr;

  /** LLR of one session interleaving two user agents (optional; 0 = off if absent). */
  public final double interleavedClientsLlr;

  /**
   * LLR of a session moving between two fixed-line address blocks within {@link
   * #fixedLineHopWindowSeconds} (optional; 0 = off if absent). See {@code ConcurrencyEvidence}.
   */
  public final double fixedLineHopLlr;

  /** Longest gap after the last request on the old block that still counts (optional; 600 s). */
  public final double fixedLineHopWindowSeconds;

  /** LLR of an API key in use by an older session from another AS (optional; 0 = off). */
  public final double concurrentKeyLlr;

  /** Whether another client family on the key in the same AS counts too (optional; false). */
  public final boolean concurrentKeyOtherClient;

  /**
   * LLR of a passed second factor from a network new to the account (optional; {@link
   * #mfaPassedLlr} if absent; not set in vigil-default-8, see models/artifacts/README.md).
   */
  public final double mfaPassedFreshNetworkLlr;

  /** LLR of a build older than the account's newest of that client and platform (0 if absent). */
  public final double clientDowngradeLlr;

  /** LLR of a known client family on a platform new to it (0 if absent). */
  public final double clientNewPlatformLlr;

  /** LLR of a client family new to the account, beyond the new-client term (0 if absent). */
  public final double clientNewFamilyLlr;

  /** LLR of a known client and platform on a device model new to the account (0 if absent). */
  public final double clientNewDeviceLlr;

  /** LLR of an OS older than the newest the account ran on that device (0 if absent). */
  public final double clientOlderOsLlr;

  /**
   * The session-burst term (optional section {@code sessionBurst}, added in vigil-default-6; the
   * defaults below when absent, and the term is off unless {@code features.sessionBurst}): the
   * account's new sessions are counted with this half-life (default 600 s)...
   */
  public final double sessionBurstHalfLifeSeconds;

  /** ... the term starts above this decayed count (default 20 new sessions)... */
  public final double sessionBurstAllowance;

  /** ... adds this per doubling of the count over the allowance (default 1 nat)... */
  public final double sessionBurstLlrPerDoubling;

  /** ... and at most this much per session (default 3 nats: alone it never steps up). */
  public final double sessionBurstMaxLlr;

  /** The operator's endpoint roles (optional section; {@link EndpointRoles#defaults()}). */
  public final EndpointRoles roles;

  /** Settings of the intent terms (optional sections; documented defaults). */
  public final IntentModel intent;

  /** Weights of the exchange job's live signals (optional section; documented defaults). */
  public final ExchangeSignalSettings exchangeSignals;

  /** Per {@code EvidenceCode} ordinal: the {@link Combination}'s weights (all 1 by default). */
  private final double[] codeWeights;

  /** The multiplier of {@code code}'s (clamped) terms; see {@link Combination}. */
  public double codeWeight(EvidenceCode code) {
    return codeWeights[code.ordinal()];
  }

  EvidenceSettings(StrictNode n, Combination combination) {
    codeWeights = combination.codeWeights;
    llrMin = n.number("llrMin", -50, 0);
    llrMax = n.number("llrMax", 0, 50);
    StrictNode w = n.object("weights");
    weightNetworkPrefix = w.number("networkPrefix", 0, 1);
    weightNetworkAsn = w.number("networkAsn", 0, 1);
    weightNetworkCountry = w.number("networkCountry", 0, 1);
    weightClientFamily = w.number("clientFamily", 0, 1);
    weightApiKey = w.number("apiKey", 0, 1);
    weightHour = w.number("hour", 0, 1);
    weightTransition = w.number("transition", 0, 1);
    weightInstrument = w.number("instrument", 0, 1);
    weightWithdrawalAddress = w.number("withdrawalAddress", 0, 1);
    w.finish();
    concurrentWindowSeconds = n.number("concurrentWindowSeconds", 1, 86400);
    concurrentLlr = n.number("concurrentLlr", 0, 20);
    travelMaxSpeedKmh = n.number("travelMaxSpeedKmh", 100, 20000);
    travelMinDistanceKm = n.number("travelMinDistanceKm", 0, 20000);
    travelLlr = n.number("travelLlr", 0, 20);
    familiarTravelDiscount = n.number("familiarTravelDiscount", 0, 1);
    replayWindowSeconds = n.number("replayWindowSeconds", 1, 86400);
    replayLlr = n.number("replayLlr", 0, 20);
    receiveWindowSeconds = n.number("receiveWindowSeconds", 0.1, 3600);
    clockSkewLlr = n.number("clockSkewLlr", 0, 20);
    failureHalfLifeSeconds = n.number("failureHalfLifeSeconds", 1, 86400);
    failureAllowance = n.number("failureAllowance", 0, 1000);
    failureLlrPerDoubling = n.number("failureLlrPerDoubling", 0, 20);
    rateZThreshold = n.number("rateZThreshold", 0, 50);
    rateLlrPerSigma = n.number("rateLlrPerSigma", 0, 20);
    baselineMinObservations = n.number("baselineMinObservations", 0, 1e6);
    behaviourPriorProbability = n.number("behaviourPriorProbability", 1e-6, 1);
    sensitiveAttackerProbability = n.number("sensitiveAttackerProbability", 1e-6, 1);
    notionalZThreshold = n.number("notionalZThreshold", 0, 50);
    notionalLlrPerSigma = n.number("notionalLlrPerSigma", 0, 20);
    freshNetworkMaxAccountShare = n.number("freshNetworkMaxAccountShare", 0, 1);
    sensitiveFreshLlr = n.number("sensitiveFreshLlr", 0, 20);
    attackerNewKeyProbability = n.number("attackerNewKeyProbability", 0, 1);
    mfaPassedLlr = n.number("mfaPassedLlr", -20, 0);
    mfaPassedFreshNetworkLlr = optional(n, "mfaPassedFreshNetworkLlr", -20, 0, mfaPassedLlr);
    sensitivePathPrefixes = n.texts("sensitivePathPrefixes", 64, 256);
    sensitive = new PathRules(sensitivePathPrefixes, n.path() + ".sensitivePathPrefixes");
    // Added in vigil-default-3; a model file without them (vigil-default-2 and older) keeps its
    // behaviour: no whitelist rules, no per-failure term, no fresh-address withdrawal term.
    whitelist =
        new PathRules(
            n.has("whitelistPathPrefixes") ? n.texts("whitelistPathPrefixes", 64, 256) : List.of(),
            n.path() + ".whitelistPathPrefixes");
    failureLlrPerFailure =
        n.has("failureLlrPerFailure") ? n.number("failureLlrPerFailure", 0, 20) : 0.0;
    freshAddressWithdrawalLlr =
        n.has("freshAddressWithdrawalLlr") ? n.number("freshAddressWithdrawalLlr", 0, 20) : 0.0;
    geoDefaultAccuracyKm = optional(n, "geoDefaultAccuracyKm", 0, 5000, 100);
    travelSkipsMobile = !n.has("travelSkipsMobile") || n.bool("travelSkipsMobile");
    interleaveWindowSeconds = optional(n, "interleaveWindowSeconds", 0, 3600, 30);
    interleavedNetworksLlr = optional(n, "interleavedNetworksLlr", 0, 20, 0);
    interleavedClientsLlr = optional(n, "interleavedClientsLlr", 0, 20, 0);
    fixedLineHopLlr = optional(n, "fixedLineHopLlr", 0, 20, 0);
    fixedLineHopWindowSeconds = optional(n, "fixedLineHopWindowSeconds", 1, 86_400, 600);
    concurrentKeyLlr = optional(n, "concurrentKeyLlr", 0, 20, 0);
    concurrentKeyOtherClient =
        n.has("concurrentKeyOtherClient") && n.bool("concurrentKeyOtherClient");
    clientDowngradeLlr = optional(n, "clientDowngradeLlr", 0, 20, 0);
    clientNewPlatformLlr = optional(n, "clientNewPlatformLlr", -20, 20, 0);
    clientNewFamilyLlr = optional(n, "clientNewFamilyLlr", -20, 20, 0);
    clientNewDeviceLlr = optional(n, "clientNewDeviceLlr", 0, 20, 0);
    clientOlderOsLlr = optional(n, "clientOlderOsLlr", 0, 20, 0);
    roles =
        n.has("endpointRoles")
            ? EndpointRoles.read(n.object("endpointRoles"))
            : EndpointRoles.defaults();
    intent = new IntentModel(n);
    exchangeSignals = ExchangeSignalSettings.read(n);
    if (n.has("sessionBurst")) {
      StrictNode b = n.object("sessionBurst");
      sessionBurstHalfLifeSeconds = b.number("halfLifeSeconds", 1, 86400);
      sessionBurstAllowance = b.number("allowance", 1, 1e6);
      sessionBurstLlrPerDoubling = b.number("llrPerDoubling", 0, 20);
      sessionBurstMaxLlr = b.number("maxLlr", 0, 20);
      b.finish();
    } else {
      sessionBurstHalfLifeSeconds = 600;
      sessionBurstAllowance = 20;
      sessionBurstLlrPerDoubling = 1.0;
      sessionBurstMaxLlr = 3.0;
    }
    if (llrMin >= llrMax) {
      throw new ModelValidationException(n.path() + ".llrMin", "must be below evidence.llrMax");
    }
    n.finish();
  }

  private static double optional(StrictNode n, String key, double min, double max, double absent) {
    return n.has(key) ? n.number(key, min, max) : absent;
  }
}
