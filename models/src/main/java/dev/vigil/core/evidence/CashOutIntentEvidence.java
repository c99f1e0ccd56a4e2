package dev.vigil.core.evidence;

import dev.vigil.core.model.EndpointRole;
import dev.vigil.core.model.IntentModel;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.sketch.DecayedTopK;
import dev.vigil.core.sketch.Hashing;

/**
 * What a session does to get money out, beyond what {@code withdrawal_to_address_added_in_session}
 * already counts. Each term counts once per session; their LLRs come from stated base rates (no
 * public figures exist for them; the guesses are generous to the owner), ln(P(x | thief) / P(x |
 * owner)):
 *
 * <ul>
 *   <li>{@code security_change_then_withdrawal}: a withdrawal after the same session changed a
 *       security setting (MFA reset, e-mail change; a write on a {@code security_settings}
 *       endpoint). Takeovers that change the settings to lock the owner out before cashing out (SIM
 *       swaps, phishing kits): P_thief ~ 0.3 of cash-outs. Owners change MFA or e-mail about once
 *       in several years and rarely withdraw in that very session: P_owner ~ 1e-3 of withdrawal
 *       sessions, generous. ln(0.3 / 1e-3) = 5.7. (Exchanges hold withdrawals for 24 to 48 hours
 *       after such changes for this reason.)
 *   <li>{@code key_change_in_fresh_session}: an API key created or its permissions changed (a write
 *       on a {@code key_management} endpoint) within {@code freshSessionMinutes} of the session's
 *       start. Thieves create or widen a key for persistence or automation in about 1 of 5
 *       takeovers, nearly always early: P_thief ~ 0.2. Owners: about 1 session in 500 creates or
 *       edits a key early (a user setting up a trading bot): P_owner ~ 2e-3. ln(100) = 4.6.
 *   <li>{@code fast_cash_out}: the withdrawal to an address added in this session comes within
 *       {@code freshSessionMinutes} of the start, and the session arrived on a network or client
 *       new to the account (a device model new to it counts as a new client when the model weighs
 *       device models). {@code withdrawal_to_address_added_in_session} and the network and client
 *       terms already count each fact as if independent of the others; this term is only the factor
 *       their conjunction adds: P(fast | new device or network, cash-out) is ~ 0.8 for a thief (the
 *       victim may notice the takeover: cash out first) and ~ 0.3 for an owner on a new phone or
 *       network (who also looks around first); ln(0.8 / 0.3) = 1.0.
 * </ul>
 *
 * <p>Writes the session's intent flags and security-change time. O(1), no allocation.
 */
final class CashOutIntentEvidence {
  private static final int WITHDRAWAL = EndpointRole.WITHDRAWAL.ordinal();
  private static final int KEYS = EndpointRole.KEY_MANAGEMENT.ordinal();
  private static final int SECURITY = EndpointRole.SECURITY_SETTINGS.ordinal();

  private CashOutIntentEvidence() {}

  static void extract(
      AccountProfile a, SessionState s, EventFeatures f, RiskModel m, EvidenceBuffer out) {
    RiskModel.Features on = m.features;
    IntentModel im = m.evidence.intent;
    long t = f.timeMillis;
    if (s.events <= 1
        && (newClient(a, f, m.evidence.freshNetworkMaxAccountShare)
            || newDevice(a, f, m.evidence.clientNewDeviceLlr))) {
      s.intentFlags |= SessionState.INTENT_ARRIVED_ON_NEW_CLIENT;
    }
    double minutes = (t - s.startMillis) / 60_000.0;
    boolean fresh = minutes <= im.freshSessionMinutes;
    if (!f.mutating) {
      return;
    }
    if (f.role == SECURITY && s.securityChangeMillis == 0) {
      s.securityChangeMillis = t;
    }
    if (on.keyChangeInFreshSession
        && f.role == KEYS
        && fresh
        && once(s, SessionState.INTENT_KEY_CHANGE_REPORTED)) {
      IntentEvidence.add(
          out,
          m.evidence,
          EvidenceCode.KEY_CHANGE_IN_FRESH_SESSION,
          im.keyChangeInFreshSessionLlr,
          minutes,
          Double.NaN,
          Double.NaN);
    }
    if (f.role != WITHDRAWAL) {
      return;
    }
    if (on.securityChangeThenWithdrawal
        && s.securityChangeMillis != 0
        && once(s, SessionState.INTENT_SECURITY_WITHDRAWAL_REPORTED)) {
      IntentEvidence.add(
          out,
          m.evidence,
          EvidenceCode.SECURITY_CHANGE_THEN_WITHDRAWAL,
          im.securityChangeThenWithdrawalLlr,
          (t - s.securityChangeMillis) / 60_000.0,
          minutes,
          Double.NaN);
    }
    boolean newClient = (s.intentFlags & SessionState.INTENT_ARRIVED_ON_NEW_CLIENT) != 0;
    // The same withdrawal the existing term scores: to the address this session whitelisted.
    if (on.fastCashOut
        && fresh
        && f.withdrawalAddress != Hashing.ABSENT
        && f.withdrawalAddress == s.lastWithdrawalAddress
        && s.addressWhitelistedHere
        && (s.currentNetworkFresh || newClient)
        && once(s, SessionState.INTENT_FAST_CASH_OUT_REPORTED)) {
      IntentEvidence.add(
          out,
          m.evidence,
          EvidenceCode.FAST_CASH_OUT,
          im.fastCashOutLlr,
          minutes,
          s.currentNetworkFresh ? 1 : 0,
          newClient ? 1 : 0);
    }
  }

  /** The client family (or API key, when the request carries one) is rare for the account. */
  private static boolean newClient(AccountProfile a, EventFeatures f, double threshold) {
    if (a.clients.total() <= 0) {
      return false;
    }
    return share(a.clients, f.client) < threshold
        || (f.apiKey != Hashing.ABSENT && share(a.apiKeys, f.apiKey) < threshold);
  }

  /**
   * The user agent names a device model the account never used, for a model that weighs device
   * models ({@code clientNewDeviceLlr} set): the owner's new phone or the thief's.
   */
  private static boolean newDevice(AccountProfile a, EventFeatures f, double newDeviceLlr) {
    return newDeviceLlr > 0
        && f.clientDeviceIsModel
        && a.devices.knowsAModel()
        && !a.devices.knows(f.clientDevice);
  }

  private static double share(DecayedTopK table, long key) {
    float total = table.total();
    return total <= 0 || key == Hashing.ABSENT ? 0.0 : table.count(key) / total;
  }

  /** Sets {@code flag}; true the first time. */
  private static boolean once(SessionState s, byte flag) {
    if ((s.intentFlags & flag) != 0) {
      return false;
    }
    s.intentFlags |= flag;
    return true;
  }
}
