package dev.vigil.core.evidence;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.ClientDevices;
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
 *   <li><b>New device</b> (value 4): a known (family, platform) on a device model the account's
 *       user agents never named, when the account knows at least one model ({@link
 *       dev.vigil.core.profile.ClientDevices}): the victim's own app on the thief's phone, which is
 *       what a SIM swapper or a thief with phished credentials and a relayed code installs. {@code
 *       clientNewDeviceLlr} = ln(0.75 / 0.04) = 2.9: three in four such thieves run another model
 *       than the victim's (the rest pick or spoof the same one), against one in 25 owners' sessions
 *       in their known app (a second phone or tablet, a replaced phone, a model the profile has not
 *       yet learned). Only user agents that name a model count (Android apps and browsers before
 *       Chrome's reduced string); Apple's never do, so an iPhone thief is not seen by this term.
 *       Checked before the downgrade, which it outweighs; not fitted to the simulator.
 *   <li><b>Older OS</b> (value 5): a known (family, platform) on a device the account used (a
 *       model, or a class such as {@code iPhone}) whose operating system is older than the newest
 *       the account ran on it. Phones do not go back (iOS stops signing old versions within weeks;
 *       Android does not downgrade without a wipe), so an older one is another device of the same
 *       kind: the thief's iPhone, whose user agent names no model. {@code clientOlderOsLlr} =
 *       ln(0.5 / 0.03) = 2.8: half of thieves run an older system than the victim's newest (their
 *       version is independent of it), against 3 in 100 owners' sessions (a second phone of the
 *       same kind that lags behind); not fitted to the simulator. Values: the session's OS version
 *       and the account's newest on that device.
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
  static final int NEW_DEVICE = 4;
  static final int OLDER_OS = 5;

  private ClientLineage() {}

  /** The verdict for the event's client against the account's lineages and devices; 0 for none. */
  static int verdict(ClientLineages known, ClientDevices devices, EventFeatures f) {
    if (f.clientFamily == Hashing.ABSENT || known.size() == 0) {
      return 0;
    }
    int slot = known.find(f.clientFamily, f.clientPlatform);
    if (slot >= 0) {
      if (f.clientDevice != Hashing.ABSENT) {
        int d = devices.find(f.clientDevice);
        if (d < 0 && f.clientDeviceIsModel && devices.knowsAModel()) {
          return NEW_DEVICE;
        }
        if (d >= 0 && f.clientOsVersion >= 0 && f.clientOsVersion < devices.osNewest(d)) {
          return OLDER_OS;
        }
      }
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
    int verdict = verdict(a.lineages, a.devices, f);
    if (verdict == 0) {
      return;
    }
    double llr =
        switch (verdict) {
          case DOWNGRADE -> ev.clientDowngradeLlr;
          case NEW_PLATFORM -> ev.clientNewPlatformLlr;
          case NEW_DEVICE -> ev.clientNewDeviceLlr;
          case OLDER_OS -> ev.clientOlderOsLlr;
          default -> ev.clientNewFamilyLlr;
        };
    long bit = 1L << (Hashing.salt(f.userAgent, 1) & 63);
    if (llr == 0 || (s.scoredUserAgents & bit) != 0) {
      return;
    }
    s.scoredUserAgents |= bit;
    if (verdict == OLDER_OS) {
      int d = a.devices.find(f.clientDevice);
      EvidenceExtractor.add(
          out,
          ev,
          EvidenceCode.CLIENT_LINEAGE,
          llr,
          verdict,
          ClientLineageParser.readable(f.clientOsVersion),
          ClientLineageParser.readable(a.devices.osNewest(d)));
      return;
    }
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
