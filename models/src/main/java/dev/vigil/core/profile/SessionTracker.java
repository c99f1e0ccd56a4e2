package dev.vigil.core.profile;

import dev.vigil.core.evidence.ConcurrencyEvidence;
import dev.vigil.core.evidence.EventFeatures;
import dev.vigil.core.evidence.KeyConcurrencyEvidence;
import dev.vigil.core.evidence.TravelEvidence;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.sketch.Hashing;
import dev.vigil.schema.NetworkType;

/**
 * Keeps a session's memory up to date. {@link #beforeEvidence} advances clocks and counters that
 * evidence reads including the current event (rates, failures); {@link #afterEvidence} records the
 * event's network, location, client, nonce and endpoint so that the next event compares against
 * them. O(1), no allocation.
 */
public final class SessionTracker {
  static final double SHORT_SECONDS = 10;
  static final double MEDIUM_SECONDS = 60;
  static final double LONG_SECONDS = 600;
  private static final float INTERVAL_EWMA = 0.1f;

  private SessionTracker() {}

  /** Starts a fresh session at its first event, snapshotting the account's baselines. */
  public static void start(SessionState s, AccountProfile a, long t, RiskModel m) {
    double minObs = m.evidence.baselineMinObservations;
    snapshotRateBaseline(s, a, m);
    if (a.notionalObservations >= minObs && a.notionalObservations > 0) {
      s.refLogNotionalMean = a.logNotionalMean;
      s.refLogNotionalDeviation = a.logNotionalDeviation;
    }
    s.startMillis = t;
    s.lastMillis = t;
    s.events = 0;
    countNewSession(a, t, m);
    double p = m.filter.priorProbability;
    s.logOdds = Math.log(p / (1 - p));
    s.levelSinceMillis = t;
  }

  /**
   * Adds one to the account's decayed count of new sessions (half-life {@code
   * evidence.sessionBurst.halfLifeSeconds}), which the session-burst term reads. O(1); an event
   * older than the count's time adds without decaying it.
   */
  static void countNewSession(AccountProfile a, long t, RiskModel m) {
    double tau = m.evidence.sessionBurstHalfLifeSeconds * 1000 / Math.log(2);
    double dt = Math.max(0, t - a.newSessionsAtMillis);
    a.newSessions = (float) (a.newSessions * Math.exp(-dt / tau) + 1);
    a.newSessionsAtMillis = Math.max(a.newSessionsAtMillis, t);
  }

  /**
   * Takes the account's rate baseline as the session's reference, once. A session that began before
   * its account had one (a bot's session running for days from the account's first request) takes
   * it as soon as there is one: the rate evidence and the usage ceiling need a reference the
   * session cannot drag along, and a bot learns its baseline from each of its many requests.
   */
  private static void snapshotRateBaseline(SessionState s, AccountProfile a, RiskModel m) {
    if (s.refLogRateDeviation <= 0
        && a.rateObservations >= m.evidence.baselineMinObservations
        && a.rateObservations > 0) {
      s.refLogRateMean = a.logRateMean;
      s.refLogRateDeviation = a.logRateDeviation;
    }
  }

  public static void beforeEvidence(
      SessionState s, AccountProfile a, EventFeatures f, RiskModel m) {
    long t = f.timeMillis;
    snapshotRateBaseline(s, a, m);
    double dt = s.events == 0 ? 0.0 : Math.max(0.0, (t - s.lastMillis) / 1000.0);
    s.rateShort = (float) (s.rateShort * Math.exp(-dt / SHORT_SECONDS) + 1.0);
    s.rateMedium = (float) (s.rateMedium * Math.exp(-dt / MEDIUM_SECONDS) + 1.0);
    s.rateLong = (float) (s.rateLong * Math.exp(-dt / LONG_SECONDS) + 1.0);
    if (s.events > 0) {
      if (s.events == 1) {
        s.intervalMean = (float) dt;
        s.intervalSquareMean = (float) (dt * dt);
      } else {
        s.intervalMean += INTERVAL_EWMA * ((float) dt - s.intervalMean);
        s.intervalSquareMean += INTERVAL_EWMA * ((float) (dt * dt) - s.intervalSquareMean);
      }
    }
    if (f.authFailure) {
      double tau = m.evidence.failureHalfLifeSeconds * 1000 / Math.log(2);
      s.failures = (float) (s.failures * Math.exp(-Math.max(0, t - s.failuresAtMillis) / tau) + 1);
      s.failuresAtMillis = t;
      a.failures = (float) (a.failures * Math.exp(-Math.max(0, t - a.failuresAtMillis) / tau) + 1);
      a.failuresAtMillis = t;
    }
    s.events++;
    s.lastMillis = Math.max(s.lastMillis, t);
  }

  public static void afterEvidence(SessionState s, AccountProfile a, EventFeatures f, RiskModel m) {
    long t = f.timeMillis;
    boolean first = s.events <= 1;
    if (first) {
      s.firstPrefix = f.prefix;
      s.firstClient = f.client;
    }
    // Before the current network and client move on: the switch counters compare with them.
    ConcurrencyEvidence.remember(s, f, m.evidence);
    KeyConcurrencyEvidence.remember(a, s, f);
    if (first || f.prefix != s.currentPrefix) {
      judgeNetwork(s, a, f, m);
      s.currentPrefix = f.prefix;
      s.eventsOnNetwork = 0;
    }
    s.eventsOnNetwork++;
    s.currentNetworkResidential = f.networkType == NetworkType.RESIDENTIAL;
    s.currentNetworkIpv6 = f.ipv6;
    s.currentAsn = f.asn;
    s.currentClient = f.client;
    s.currentApiKey = f.apiKey;
    rememberNetwork(s, f.prefix, t);
    if (!Double.isNaN(f.latitude)) {
      s.lastLatitude = (float) f.latitude;
      s.lastLongitude = (float) f.longitude;
      s.lastGeoMillis = t;
      s.lastGeoFamiliar = s.currentNetworkFamiliar;
      TravelEvidence.remember(s, f, m.evidence);
    }
    if (f.nonce != Hashing.ABSENT) {
      s.nonces.add(f.nonce, t);
      if (f.nonceDecimal && f.nonceValue > s.nonceHighWater) {
        s.nonceHighWater = f.nonceValue;
      }
    }
    s.lastEndpoint = f.endpoint;
    if (f.instrument != Hashing.ABSENT) {
      s.lastInstrument = f.instrument;
    }
    if (f.withdrawalAddress != Hashing.ABSENT) {
      if (f.whitelistAdd) {
        s.addressWhitelistedHere = true;
        s.addressWhitelistedFromFresh = s.currentNetworkFresh;
      } else if (f.withdrawalAddress != s.lastWithdrawalAddress) {
        s.addressWhitelistedHere = false;
      }
      s.lastWithdrawalAddress = f.withdrawalAddress;
    }
    if (f.sensitive || f.withdrawalAddress != Hashing.ABSENT) {
      s.sensitiveUsed = true;
    }
  }

  /**
   * Judges the event's network familiar (its prefix or AS, in a country the account uses) or fresh
   * for the rest of the session on it; again when the learner adopts a network from probation in
   * this session.
   */
  static void judgeNetwork(SessionState s, AccountProfile a, EventFeatures f, RiskModel m) {
    double thr = m.evidence.freshNetworkMaxAccountShare;
    boolean familiar =
        (share(a, a.prefixes.count(f.prefix), a.prefixes.total()) >= thr
                || share(a, a.asns.count(f.asn), a.asns.total()) >= thr)
            && share(a, a.countries.count(f.country), a.countries.total()) >= thr;
    s.currentNetworkFamiliar = familiar;
    s.currentNetworkFresh = !familiar;
  }

  /** Coefficient of variation of inter-arrival times; NaN before two intervals. */
  public static double intervalCv(SessionState s) {
    if (s.events < 3 || s.intervalMean <= 0) {
      return Double.NaN;
    }
    double var = Math.max(0.0, s.intervalSquareMean - (double) s.intervalMean * s.intervalMean);
    return Math.sqrt(var) / s.intervalMean;
  }

  private static double share(AccountProfile a, float count, float total) {
    return total <= 0 ? 0.0 : count / total;
  }

  /** Updates the slot of {@code prefix}, or replaces the least recently seen slot. */
  private static void rememberNetwork(SessionState s, long prefix, long t) {
    if (prefix == Hashing.ABSENT) {
      return;
    }
    int victim = 0;
    for (int i = 0; i < SessionState.NETWORK_SLOTS; i++) {
      if (s.networkPrefixes[i] == prefix) {
        s.networkLastSeenMillis[i] = Math.max(s.networkLastSeenMillis[i], t);
        return;
      }
    }
    for (int i = 0; i < SessionState.NETWORK_SLOTS; i++) {
      if (s.networkPrefixes[i] == Hashing.ABSENT) {
        victim = i;
        break;
      }
      if (s.networkLastSeenMillis[i] < s.networkLastSeenMillis[victim]) {
        victim = i;
      }
    }
    s.networkPrefixes[victim] = prefix;
    s.networkLastSeenMillis[victim] = t;
  }
}
