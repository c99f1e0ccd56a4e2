package dev.vigil.core.evidence;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.sketch.Hashing;
import dev.vigil.schema.NetworkType;

/**
 * Impossible travel, counted as a fact about two networks rather than about each request.
 *
 * <p>GeoIP places an address, not a person, and coarsely: MaxMind gives each location an accuracy
 * radius ({@code location.accuracy_radius}, km), often 20 to 200 km and up to 1,000 km, and the
 * same network may be placed hundreds of km apart on successive look-ups. So:
 *
 * <ul>
 *   <li>only a change of network (prefix) can be travel; one network placed in two places is GeoIP
 *       noise (before, one noisy field added the term up to 24 times in a session: 144 nats);
 *   <li>the distance is net of both points' accuracy radii (the person may be anywhere within each
 *       circle): d' = max(0, d - r1 - r2), with {@code evidence.geoDefaultAccuracyKm} (100 km) for
 *       a point without one. 100 km is MaxMind's own radius for a typical residential broadband
 *       address outside big cities, and twice it (200 km) stays below the 300 km minimum distance;
 *   <li>never from or to a hosting network ({@code networkType == HOSTING}): a data centre's
 *       location says nothing of where its user sits. Only the field decides: no AS-name guess;
 *   <li>never from or to a mobile network either ({@code evidence.travelSkipsMobile}, on unless a
 *       model says otherwise): a cellular address is placed where the carrier's packet gateway
 *       (3GPP TS 23.401's P-GW) sits, a carrier serves a country from a handful of them, and with
 *       home-routed roaming (the usual arrangement for LTE data roaming, GSMA IR.88) a phone abroad
 *       still leaves from its home carrier's gateway. A phone between its carrier and the hotel's
 *       wifi then "moves" thousands of km in seconds: in the mobile-first world such hops were all
 *       of the 0.99% benign kills. A stolen session on a mobile proxy still shows a new network and
 *       whatever else it does;
 *   <li>once per pair of networks per session, however many requests repeat the leg.
 * </ul>
 *
 * <p>The speed scaling and the familiar-network discount are those of the original term. Reads and
 * writes only the session's travel mask and poisoning mark; O(1), no allocation.
 */
public final class TravelEvidence {
  private TravelEvidence() {}

  static void score(
      SessionState s,
      EventFeatures f,
      RiskModel.Evidence ev,
      boolean familiar,
      EvidenceBuffer out) {
    if (f.prefix == Hashing.ABSENT || f.prefix == s.lastGeoPrefix) {
      return;
    }
    if (unplaced(f.networkType, ev) || s.lastGeoUnplaced) {
      return;
    }
    long bit = pairBit(f.prefix, s.lastGeoPrefix);
    if ((s.travelPairs & bit) != 0) {
      return;
    }
    double km =
        CategoricalLlr.haversineKm(s.lastLatitude, s.lastLongitude, f.latitude, f.longitude);
    double net = Math.max(0.0, km - radiusKm(f.geoAccuracyKm, ev) - s.lastGeoAccuracyKm);
    if (net <= ev.travelMinDistanceKm) {
      return;
    }
    double seconds = Math.max(1.0, (f.timeMillis - s.lastGeoMillis) / 1000.0);
    double speed = net / (seconds / 3600.0);
    if (speed <= ev.travelMaxSpeedKmh) {
      return;
    }
    s.travelPairs |= bit;
    double scale = Math.max(0.5, Math.min(1.5, 0.5 + Math.log10(speed / ev.travelMaxSpeedKmh)));
    if (familiar && s.lastGeoFamiliar) {
      scale *= ev.familiarTravelDiscount;
    } else {
      EvidenceExtractor.poison(s);
    }
    // After a fixed-line hop a leg between networks is the same fact seen through the location
    // field (and with a broken feed, the same fault): it adds only what it weighs beyond the hop.
    double llr = ev.travelLlr * scale;
    if (s.fixedLineHopReported) {
      llr = Math.max(0, llr - ev.fixedLineHopLlr);
      if (llr == 0) {
        return;
      }
    }
    EvidenceExtractor.add(out, ev, EvidenceCode.IMPOSSIBLE_TRAVEL, llr, net, seconds, speed);
  }

  /** The accuracy radius to assume for a point: its own, or the model's default. */
  static double radiusKm(double accuracyKm, RiskModel.Evidence ev) {
    return accuracyKm > 0 ? accuracyKm : ev.geoDefaultAccuracyKm;
  }

  /** One bit of a 64-bit mask for an unordered pair of hashes. */
  static long pairBit(long a, long b) {
    return 1L << (Hashing.combine(Math.min(a, b), Math.max(a, b)) & 63);
  }

  /**
   * Records the located event's network, radius and whether its place means anything (after the
   * evidence step).
   */
  public static void remember(SessionState s, EventFeatures f, RiskModel.Evidence ev) {
    s.lastGeoPrefix = f.prefix;
    s.lastGeoAccuracyKm = (float) radiusKm(f.geoAccuracyKm, ev);
    s.lastGeoUnplaced = unplaced(f.networkType, ev);
  }

  /** Whether a network's GeoIP location says nothing of where its user is. */
  static boolean unplaced(NetworkType type, RiskModel.Evidence ev) {
    return type == NetworkType.HOSTING || (type == NetworkType.MOBILE && ev.travelSkipsMobile);
  }
}
