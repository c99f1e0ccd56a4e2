package dev.vigil.core.profile;

import dev.vigil.core.evidence.EventFeatures;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.sketch.DecayedTopK;
import dev.vigil.core.sketch.Hashing;

/**
 * Teaches an account profile what its owner does, from traffic that is probably the owner's.
 *
 * <p>Poisoning guard: nothing is learned from an event whose session probability is at or above
 * {@code profile.poisoningGuardProbability}, and once a session has crossed that line it is marked
 * poisoned and never teaches the profile again, even if its probability later falls. Slow drift is
 * bounded in three ways: (1) session-level facts (network, AS, country, client, API key, hour) are
 * adopted once per session and only after {@value #ADOPT_AFTER_EVENTS} clean requests on that
 * network, so a short hostile visit teaches nothing and a long one counts once; (2) numeric
 * baselines move by a Huber-clipped EWMA, at most {@code baselineLearningRate * baselineClipSigmas}
 * standard deviations per observation; (3) all counts decay with the profile half-life, so old
 * owner behaviour is forgotten no faster than that.
 *
 * <p>Population counts are updated when the account adopts a value it did not hold. O(1), no
 * allocation.
 */
public final class ProfileLearner {
  /** Clean requests on a network before the account adopts the session's network and client. */
  public static final int ADOPT_AFTER_EVENTS = 3;

  private static final double INITIAL_LOG_DEVIATION = 0.5;
  private static final double SIGMA_PER_MEAN_ABS = 1.2533;

  private ProfileLearner() {}

  /**
   * Learns from the event if the session is clean; returns whether it learned. A session above its
   * {@code usageCeiling} (requests per second, NaN for none) does not teach the rate baseline. Call
   * after the evidence and filter steps and before {@link SessionTracker#afterEvidence}, so that
   * the session still holds the previous endpoint and network.
   */
  public static boolean learn(
      AccountProfile a,
      SessionState s,
      PopulationPrior pop,
      EventFeatures f,
      RiskModel m,
      double probability,
      double usageCeiling) {
    if (probability >= m.profile.poisoningGuardProbability) {
      s.poisoned = true;
    }
    if (s.poisoned) {
      return false;
    }
    long t = f.timeMillis;
    double wd = a.advance(t, ForwardDecay.tauMillis(m.profile.halfLifeDays));
    float w = (float) wd;
    a.lastSeenMillis = Math.max(a.lastSeenMillis, t);
    boolean networkChanged = s.events <= 1 || f.prefix != s.currentPrefix;
    int onNetwork = networkChanged ? 1 : s.eventsOnNetwork + 1;
    if (onNetwork == ADOPT_AFTER_EVENTS) {
      adopt(a.prefixes, f.prefix, w, pop, PopulationPrior.NETWORK_PREFIX, t, m);
      adopt(a.asns, f.asn, w, pop, PopulationPrior.ASN, t, m);
      adopt(a.countries, f.country, w, pop, PopulationPrior.COUNTRY, t, m);
      adopt(a.clients, f.client, w, pop, PopulationPrior.CLIENT_FAMILY, t, m);
      a.lineages.learn(f.clientFamily, f.clientPlatform, f.clientVersion, t);
      if (f.apiKey != Hashing.ABSENT) {
        a.apiKeys.add(f.apiKey, w);
      }
      if (!s.hourLearned) {
        s.hourLearned = true;
        int hour = (int) Math.floorMod(s.startMillis / 3_600_000L, 24L);
        a.hours[hour] += w;
        a.hoursTotal += w;
      }
      a.sessionsLearned++;
    }
    long from = s.lastEndpoint == Hashing.ABSENT ? EventFeatures.SESSION_START : s.lastEndpoint;
    a.endpoints.add(f.endpoint, w);
    a.transitions.add(Hashing.combine(from, f.endpoint), w);
    a.roles[f.role] += w;
    a.rolesTotal += w;
    if (s.events <= PopulationPrior.ROLE_REQUESTS_PER_SESSION) {
      pop.observeRole(f.role, t, m.population);
    }
    if (f.instrument != Hashing.ABSENT) {
      a.instruments.add(f.instrument, w);
    }
    if (f.withdrawalAddress != Hashing.ABSENT) {
      a.withdrawalAddresses.add(f.withdrawalAddress, w);
    }
    double rate = s.mediumRate();
    // A session above its usage ceiling is abusing the account's pace: learning from it would
    // raise the ceiling it is throttled by.
    if (rate > 0 && !(rate > usageCeiling)) {
      a.rateObservations =
          robustUpdate(
              a,
              Math.log(rate),
              true,
              m.profile.baselineLearningRate,
              m.profile.baselineClipSigmas);
    }
    if (f.notionalUsd > 0) {
      a.notionalObservations =
          robustUpdate(
              a,
              Math.log(f.notionalUsd),
              false,
              m.profile.baselineLearningRate,
              m.profile.baselineClipSigmas);
    }
    return true;
  }

  private static void adopt(
      DecayedTopK table, long key, float w, PopulationPrior pop, int kind, long t, RiskModel m) {
    if (key == Hashing.ABSENT) {
      return;
    }
    if (table.count(key) == 0f) {
      pop.observe(kind, key, t, m.population);
    }
    table.add(key, w);
  }

  /**
   * Huber-clipped EWMA of a log value and of its mean absolute deviation (in the spirit of Gelper,
   * Fried and Croux, "Robust forecasting with exponential and Holt-Winters smoothing", J.
   * Forecasting 2010). Returns the new observation count.
   */
  private static float robustUpdate(
      AccountProfile a, double x, boolean rate, double eta, double clip) {
    float n = rate ? a.rateObservations : a.notionalObservations;
    double mean = rate ? a.logRateMean : a.logNotionalMean;
    double dev = rate ? a.logRateDeviation : a.logNotionalDeviation;
    if (n == 0) {
      mean = x;
      dev = INITIAL_LOG_DEVIATION;
    } else {
      double sigma = Math.max(0.05, SIGMA_PER_MEAN_ABS * dev);
      double r = x - mean;
      double bound = clip * sigma;
      double clipped = Math.max(-bound, Math.min(bound, r));
      // Early observations learn faster (1/n) so a new account converges, then the rate is eta.
      double rateNow = Math.max(eta, 1.0 / (n + 1));
      mean += rateNow * clipped;
      dev += rateNow * (Math.min(Math.abs(r), bound) - dev);
    }
    if (rate) {
      a.logRateMean = (float) mean;
      a.logRateDeviation = (float) dev;
      a.rateObservations = n + 1;
    } else {
      a.logNotionalMean = (float) mean;
      a.logNotionalDeviation = (float) dev;
      a.notionalObservations = n + 1;
    }
    return n + 1;
  }
}
