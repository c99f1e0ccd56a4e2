package dev.vigil.core.evidence;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.sketch.Hashing;
import dev.vigil.schema.NetworkType;

/**
 * One session used from two places or by two programs at once: the sign of a copied cookie or
 * token, whatever the country.
 *
 * <p>Three facts, each counted once per pair per session (a state, not a term per request):
 *
 * <ul>
 *   <li>{@code concurrent_networks}: the session comes back to a network it left moments ago
 *       ({@code concurrentWindowSeconds}), discounted when both networks are familiar (a phone
 *       between home Wi-Fi and its carrier). Before, every return added it again.
 *   <li>{@code interleaved_networks}: the session alternates between the same two networks, A, B,
 *       A, B, each switch within {@code interleaveWindowSeconds} of the one before (three switches
 *       in a row). Not discounted for familiar networks: a hijacker on a residential proxy in the
 *       owner's country, or on the owner's own ISP, interleaves with the owner just the same. A
 *       phone hopping between carrier and Wi-Fi switches and stays (A..A, B..B, back minutes
 *       later), so its switches are minutes apart. LLR ln(0.3 / 0.002) = 5: about a third of
 *       hijacked sessions run while the owner's own client is active (the rest find it idle), and a
 *       handset flapping between two networks three times within seconds is taken as one session in
 *       500 (a device at the edge of Wi-Fi range); not tuned on the simulator.
 *   <li>{@code interleaved_clients}: the same with two exact user agents (builds differ). Owners'
 *       apps do this more often than networks (a native app and its web view share a cookie): LLR
 *       ln(0.3 / 0.03) = 2.3.
 * </ul>
 *
 * <p>And a fourth, the first switch itself where it says most, {@code fixed_line_hop}: the session
 * moves from one fixed-line address block ({@code RESIDENTIAL}) to another of the same address
 * family within {@code fixedLineHopWindowSeconds} (600 s) of its last request on the first. Once
 * per session. A home line keeps one public address for a session's length: DHCP leases run for
 * hours to days, and a carrier-grade NAT is to give all of a subscriber's connections the same
 * external address (RFC 4787 REQ-2, RFC 6888 REQ-2: "paired" pooling), so a browser's requests keep
 * their address; a person cannot move from one fixed line to another within minutes either. A
 * cookie or token copied to another machine, even on a residential proxy of the owner's own ISP,
 * arrives from another block while the owner's session lives. LLR {@code fixedLineHopLlr}, off (0)
 * in the default model (models/README.md, "Tried and not kept"); from stated base rates it would be
 * ln(0.8 / 0.02) = 3.7: four hijacks in five go on while the owner's session is recent (the rest
 * find it idle for longer than the window, or share the owner's NAT), and owners' fixed-line
 * sessions are taken to hop in 2 in 100 (dual-WAN routers, ISP renumbering, NATs with "arbitrary"
 * pooling, a type misfiled by the GeoIP database); not tuned on the simulator, whose owners never
 * hop between fixed lines (so its worlds do not price this term). Not counted between IPv4 and IPv6
 * (a dual-stack browser alternates them), nor from or to a mobile, hosting or VPN network (phones
 * hop; those have their own terms). The later {@code concurrent_networks} and {@code
 * interleaved_networks} of the same session add only what they weigh beyond it: a return and an
 * interleave are the same fact, seen more often; and {@code sensitive_endpoint_fresh_network} no
 * longer counts in it (after a hop the session is on a fresh block for owner and thief alike).
 *
 * <p>The evidence step only reads the switch counters; {@link #remember} advances them after it.
 * O(1), no allocation.
 */
public final class ConcurrencyEvidence {
  /** Switches between the same two networks or clients that make an interleave: A, B, A, B. */
  public static final int INTERLEAVE_SWITCHES = 3;

  private ConcurrencyEvidence() {}

  /** The switch count this event reaches if it moves from {@code current} to {@code next}. */
  static int switchesAt(
      long next,
      long current,
      long previous,
      long lastSwitchMillis,
      int switches,
      long t,
      double w) {
    if (next == current || current == Hashing.ABSENT || next == Hashing.ABSENT) {
      return switches;
    }
    boolean back = next == previous && t - lastSwitchMillis <= (long) (w * 1000);
    return back ? switches + 1 : 1;
  }

  /** Scores interleaving of networks and clients; call on every event after the first. */
  static void interleaving(
      SessionState s, EventFeatures f, RiskModel.Evidence ev, EvidenceBuffer out) {
    long t = f.timeMillis;
    double w = ev.interleaveWindowSeconds;
    if (ev.interleavedNetworksLlr > 0 && f.prefix != s.currentPrefix) {
      int n =
          switchesAt(
              f.prefix,
              s.currentPrefix,
              s.previousPrefix,
              s.networkSwitchMillis,
              s.networkSwitches,
              t,
              w);
      long bit = TravelEvidence.pairBit(f.prefix, s.currentPrefix);
      double llr = beyondHop(s, ev, ev.interleavedNetworksLlr);
      if (n >= INTERLEAVE_SWITCHES && (s.interleavedNetworkPairs & bit) == 0 && llr > 0) {
        s.interleavedNetworkPairs |= bit;
        EvidenceExtractor.poison(s);
        EvidenceExtractor.add(
            out,
            ev,
            EvidenceCode.INTERLEAVED_NETWORKS,
            llr,
            n,
            (t - s.networkSwitchMillis) / 1000.0,
            w);
      }
    }
    if (ev.interleavedClientsLlr > 0 && f.userAgent != s.currentUserAgent) {
      int n =
          switchesAt(
              f.userAgent,
              s.currentUserAgent,
              s.previousUserAgent,
              s.userAgentSwitchMillis,
              s.userAgentSwitches,
              t,
              w);
      long bit = TravelEvidence.pairBit(f.userAgent, s.currentUserAgent);
      if (n >= INTERLEAVE_SWITCHES && (s.interleavedClientPairs & bit) == 0) {
        s.interleavedClientPairs |= bit;
        EvidenceExtractor.poison(s);
        EvidenceExtractor.add(
            out,
            ev,
            EvidenceCode.INTERLEAVED_CLIENTS,
            ev.interleavedClientsLlr,
            n,
            (t - s.userAgentSwitchMillis) / 1000.0,
            w);
      }
    }
  }

  /**
   * The fixed-line hop (see the class comment); call on a change of network, before {@link
   * #returning}. O({@link SessionState#NETWORK_SLOTS}).
   */
  static void hop(SessionState s, EventFeatures f, RiskModel.Evidence ev, EvidenceBuffer out) {
    if (ev.fixedLineHopLlr <= 0
        || s.fixedLineHopReported
        || !s.currentNetworkResidential
        || f.networkType != NetworkType.RESIDENTIAL
        || s.currentNetworkIpv6 != f.ipv6) {
      return;
    }
    long last = Long.MIN_VALUE;
    for (int i = 0; i < SessionState.NETWORK_SLOTS; i++) {
      if (s.networkPrefixes[i] == s.currentPrefix) {
        last = s.networkLastSeenMillis[i];
      }
    }
    long t = f.timeMillis;
    double window = ev.fixedLineHopWindowSeconds;
    if (last == Long.MIN_VALUE || t - last > (long) (window * 1000)) {
      return;
    }
    // Not poisoned: alone the hop is weak (P about 4e-3 from the prior), and a session that stops
    // teaching its account on it would leave the owners who do hop with thinner profiles; the
    // profile's guard stops learning once the session's probability says so.
    s.fixedLineHopReported = true;
    EvidenceExtractor.add(
        out,
        ev,
        EvidenceCode.FIXED_LINE_HOP,
        ev.fixedLineHopLlr,
        Math.max(0, t - last) / 1000.0,
        window,
        Double.NaN);
  }

  /** What a later term of the same fact adds once the session's hop was counted. */
  private static double beyondHop(SessionState s, RiskModel.Evidence ev, double llr) {
    return s.fixedLineHopReported ? Math.max(0, llr - ev.fixedLineHopLlr) : llr;
  }

  /**
   * A return to a network seen within {@code concurrentWindowSeconds}, with another in between:
   * once per pair of networks per session.
   */
  static void returning(
      SessionState s,
      EventFeatures f,
      RiskModel.Evidence ev,
      boolean familiar,
      EvidenceBuffer out) {
    long t = f.timeMillis;
    long windowMillis = (long) (ev.concurrentWindowSeconds * 1000);
    long returningSeen = Long.MIN_VALUE;
    int inWindow = 0;
    for (int i = 0; i < SessionState.NETWORK_SLOTS; i++) {
      long seen = s.networkLastSeenMillis[i];
      if (s.networkPrefixes[i] == Hashing.ABSENT || t - seen > windowMillis) {
        continue;
      }
      inWindow++;
      if (s.networkPrefixes[i] == f.prefix) {
        returningSeen = seen;
      }
    }
    if (returningSeen == Long.MIN_VALUE) {
      return;
    }
    long bit = TravelEvidence.pairBit(f.prefix, s.currentPrefix);
    if ((s.returnPairs & bit) != 0) {
      return;
    }
    s.returnPairs |= bit;
    boolean discounted = familiar && s.currentNetworkFamiliar;
    double llr =
        beyondHop(s, ev, ev.concurrentLlr * (discounted ? ev.familiarTravelDiscount : 1.0));
    if (!discounted) {
      EvidenceExtractor.poison(s);
    }
    if (llr <= 0) {
      return; // the hop already counted all of it
    }
    EvidenceExtractor.add(
        out,
        ev,
        EvidenceCode.CONCURRENT_NETWORKS,
        llr,
        (t - returningSeen) / 1000.0,
        inWindow,
        ev.concurrentWindowSeconds);
  }

  /** Advances the switch counters with this event (after the evidence step). */
  public static void remember(SessionState s, EventFeatures f, RiskModel.Evidence ev) {
    long t = f.timeMillis;
    double w = ev.interleaveWindowSeconds;
    if (s.events > 1 && f.prefix != s.currentPrefix && f.prefix != Hashing.ABSENT) {
      s.networkSwitches =
          switchesAt(
              f.prefix,
              s.currentPrefix,
              s.previousPrefix,
              s.networkSwitchMillis,
              s.networkSwitches,
              t,
              w);
      s.previousPrefix = s.currentPrefix;
      s.networkSwitchMillis = t;
    }
    if (s.events > 1 && f.userAgent != s.currentUserAgent && f.userAgent != Hashing.ABSENT) {
      s.userAgentSwitches =
          switchesAt(
              f.userAgent,
              s.currentUserAgent,
              s.previousUserAgent,
              s.userAgentSwitchMillis,
              s.userAgentSwitches,
              t,
              w);
      s.previousUserAgent = s.currentUserAgent;
      s.userAgentSwitchMillis = t;
    }
    if (f.userAgent != Hashing.ABSENT) {
      s.currentUserAgent = f.userAgent;
    }
  }
}
