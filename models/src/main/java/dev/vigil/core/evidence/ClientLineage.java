package dev.vigil.core.evidence;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.ClientLineages;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.sketch.Hashing;

/**
 * The {@code client_lineage} term: where a session's user agent stands in the line of clients its
 * account has used ({@link ClientLineages}, parsed by {@link ClientLineageParser}).
 *
 * <ul>
 *   <li><b>Downgrade</b> (value 1): an older build of a (family, platform) the account has moved on
 *       from. Browsers and apps update themselves and rarely go back; a token or cookie copied some
 *       time ago is replayed with the user agent of then, and scripts copy old strings. {@code
 *       clientDowngradeLlr} = ln(0.2 / 0.03) = 1.9: a fifth of thieves who copy the owner's client
 *       carry an older build, against 3 in 100 owners' sessions (a second, lagging install on the
 *       same platform).
 *   <li><b>New platform</b> (value 2) and <b>new family</b> (value 3) refine the {@code new_client}
 *       term, which already counts a client string new to the account (its family hash ignores
 *       digits, so an update never fires it): they are the likelihood ratio of the kind of novelty
 *       given that there is one. Owners' new client strings are mostly the same app or browser on a
 *       new device (0.6) rather than a program they never used (0.4); thieves' mostly their own
 *       tools (0.7 against 0.3): new platform ln(0.3 / 0.6) = -0.7, new family ln(0.7 / 0.4) =
 *       0.56. Neither number was fitted to the simulator.
 *   <li>An ordinary update (same family and platform, same or newer build) adds nothing.
 * </ul>
 *
 * <p>Scored when the session's exact user agent changes (its first request included), once per user
 * agent per session, and only when the account knows at least one lineage. O(1), no allocation.
 */
final class ClientLineage {
  static final int DOWNGRADE = 1;
  static final int NEW_PLATFORM = 2;
  static final int NEW_FAMILY = 3;

  private ClientLineage() {}

  /** The verdict for the event's client against the account's lineages; 0 for none. */
  static int verdict(ClientLineages known, EventFeatures f) {
    if (f.clientFamily == Hashing.ABSENT || known.size() == 0) {
      return 0;
    }
    int slot = known.find(f.clientFamily, f.clientPlatform);
    if (slot >= 0) {
      long newest = known.version(slot);
      return f.clientVersion >= 0 && newest >= 0 && f.clientVersion < newest ? DOWNGRADE : 0;
    }
    if (!known.hasFamily(f.clientFamily)) {
      return NEW_FAMILY;
    }
    return f.clientPlatform == Hashing.ABSENT ? 0 : NEW_PLATFORM;
  }

  static void score(
      AccountProfile a,
      SessionState s,
      EventFeatures f,
      RiskModel.Evidence ev,
      boolean first,
      EvidenceBuffer out) {
    if (f.userAgent == Hashing.ABSENT || !(first || f.userAgent != s.currentUserAgent)) {
      return;
    }
    int verdict = verdict(a.lineages, f);
    if (verdict == 0) {
      return;
    }
    double llr =
        switch (verdict) {
          case DOWNGRADE -> ev.clientDowngradeLlr;
          case NEW_PLATFORM -> ev.clientNewPlatformLlr;
          default -> ev.clientNewFamilyLlr;
        };
    long bit = 1L << (Hashing.salt(f.userAgent, 1) & 63);
    if (llr == 0 || (s.scoredUserAgents & bit) != 0) {
      return;
    }
    s.scoredUserAgents |= bit;
    int slot = a.lineages.find(f.clientFamily, f.clientPlatform);
    EvidenceExtractor.add(
        out,
        ev,
        EvidenceCode.CLIENT_LINEAGE,
        llr,
        verdict,
        ClientLineageParser.readable(f.clientVersion),
        slot < 0 ? Double.NaN : ClientLineageParser.readable(a.lineages.version(slot)));
  }
}
