package dev.vigil.core.policy;

import dev.vigil.core.evidence.EvidenceBuffer;
import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.evidence.KeyConcurrencyEvidence;
import dev.vigil.core.model.AccountResponseRules;
import dev.vigil.core.model.PolicySettings;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.sketch.Hashing;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.HoldScope;

/**
 * Account-level incident response (issue 12 section 3): commands for the whole account, decided
 * from what its sessions showed, into {@link Decision#account()}. Runs after {@link
 * EscalationPolicy}, whose kill it reads.
 *
 * <ul>
 *   <li><b>A kill of a session that could move funds</b> (it used withdrawal rights, {@link
 *       SessionState#sensitiveUsed}, or added a withdrawal address, {@link
 *       SessionState#addressWhitelistedHere}): the credentials behind it are the attacker's, and
 *       his other sessions (opened in parallel, or after the kill with the same password) are not
 *       ended by a session kill. So KILL_ALL_SESSIONS (log out everywhere, valid for at least the
 *       longest permitted session lifetime: no session that began before it can outlive it) and
 *       HOLD_WITHDRAWALS of scope ALL for the account, lifted by an analyst, at most {@code
 *       policy.account.holdSeconds}.
 *   <li><b>A key in two places at once</b>: the session's {@code concurrent_key_use} term fired
 *       ({@link KeyConcurrencyEvidence}) with at least {@code revokeKeyMinLlr} nats and the
 *       session's probability reached {@code revokeKeyEnter}: REVOKE_API_KEY for the key the event
 *       was signed with.
 *   <li><b>A second factor that may be the attacker's</b>: a kill of a session that changed a
 *       security setting ({@link SessionState#securityChangeMillis}: MFA or e-mail reset), or an
 *       event with positive evidence of a code listed in {@code reverifyOnEvidence} (the hook for a
 *       credential-stuffing success signalled by the exchange job; nothing fires it until a code is
 *       listed): REQUIRE_REVERIFICATION.
 *   <li><b>A stuffing success</b>: the session logged in successfully from a network or AS in a
 *       live credential-stuffing wave ({@link SessionState#STUFFING_SUCCESS_BITS}) and its
 *       probability reached {@code reverifyStuffingEnter}: REQUIRE_REVERIFICATION, since the
 *       password is on the attacker's list (on by default: {@code reverifyOnStuffingSuccess}).
 * </ul>
 *
 * <p><b>Sources.</b> Ending every other session once the credentials changed hands follows OWASP
 * ASVS 4.0 V3.3.3 (terminate all other active sessions after a password change or reset); a copied
 * key is revoked rather than limited, since a bearer credential in two places cannot tell its
 * holders apart (RFC 6750 section 1.2: any party in possession of a bearer token can use it).
 *
 * <p><b>Hysteresis.</b> One incident gives each action once, not once per event or per session: the
 * account remembers when it last sent each action and each revoked key ({@link
 * AccountProfile#accountActionMillis}, {@link AccountProfile#revokedKeys}) and sends it again only
 * {@code rearmSeconds} (24 h) later. A session already killed before the event decides nothing (its
 * events are answered by a repeated kill only). Every command takes the next value of the account's
 * sequence. O(evidence terms) per event, no allocation; off with {@code
 * policy.account.enabled=false}.
 */
public final class AccountResponsePolicy implements SessionPolicy {
  /** Index of an action in {@link AccountProfile#accountActionMillis}. */
  static final int KILL_ALL = 0;

  static final int HOLD = 1;
  static final int REVERIFY = 2;

  @Override
  public String name() {
    return "account-response";
  }

  @Override
  public void decide(PolicyInput in, Decision out) {
    PolicySettings policy = in.model.policy;
    AccountResponseRules r = policy.account;
    SessionState s = in.session;
    boolean killedNow = out.indexOf(CommandAction.KILL) >= 0;
    if (!r.enabled
        || in.account == null
        || (!killedNow && EnforcementLevel.byOrdinal(s.level) == EnforcementLevel.KILLED)) {
      return;
    }
    AccountProfile a = in.account;
    AccountActions acts = out.account();
    long t = in.timeMillis;
    double p = in.probability;
    if (killedNow && (s.sensitiveUsed || s.addressWhitelistedHere)) {
      long lifetime = Math.max(policy.aal2.maxAbsoluteSeconds, policy.aal3.maxAbsoluteSeconds);
      if (armed(a, KILL_ALL, t, r)) {
        a.accountActionMillis[KILL_ALL] = t;
        acts.add(
            CommandAction.KILL_ALL_SESSIONS,
            AccountRule.KILLED_WITH_WITHDRAWAL_RIGHTS,
            p,
            Math.max(r.rearmSeconds, lifetime),
            0,
            ++a.accountCommandSequence);
      }
      if (armed(a, HOLD, t, r)) {
        a.accountActionMillis[HOLD] = t;
        acts.add(
            CommandAction.HOLD_WITHDRAWALS,
            AccountRule.KILLED_WITH_WITHDRAWAL_RIGHTS,
            p,
            r.holdSeconds,
            r.holdSeconds,
            ++a.accountCommandSequence);
      }
    }
    if (armed(a, REVERIFY, t, r)) {
      if (killedNow && s.securityChangeMillis != 0) {
        reverify(a, acts, AccountRule.SECURITY_CHANGE_THEN_KILL, p, t, r);
      } else if (r.reverifyOnStuffingSuccess
          && (s.scoredSignals & SessionState.STUFFING_SUCCESS_BITS) != 0
          && p >= r.reverifyStuffingEnter) {
        reverify(a, acts, AccountRule.STUFFING_SUCCESS, p, t, r);
      } else {
        EvidenceBuffer ev = in.evidence;
        for (int i = 0, n = ev == null ? 0 : ev.size(); i < n; i++) {
          EvidenceCode code = ev.code(i);
          if (ev.llr(i) > 0 && r.reverifiesOn(code)) {
            acts.hookCode(code);
            reverify(a, acts, AccountRule.EVIDENCE_HOOK, ev.llr(i), t, r);
            break;
          }
        }
      }
    }
    double keyLlr = in.model.evidence.concurrentKeyLlr;
    if (in.apiKey != Hashing.ABSENT
        && s.keyOverlaps >= KeyConcurrencyEvidence.OVERLAPS
        && keyLlr >= r.revokeKeyMinLlr
        && p >= r.revokeKeyEnter
        && revokeArmed(a, in.apiKey, t, r)) {
      acts.add(
          CommandAction.REVOKE_API_KEY,
          AccountRule.KEY_IN_TWO_PLACES,
          keyLlr,
          r.rearmSeconds,
          0,
          ++a.accountCommandSequence);
    }
  }

  /** The scope of the account's hold: every withdrawal. */
  public static HoldScope holdScope() {
    return HoldScope.ALL;
  }

  private static void reverify(
      AccountProfile a,
      AccountActions acts,
      AccountRule rule,
      double value,
      long t,
      AccountResponseRules r) {
    a.accountActionMillis[REVERIFY] = t;
    acts.add(
        CommandAction.REQUIRE_REVERIFICATION,
        rule,
        value,
        r.rearmSeconds,
        0,
        ++a.accountCommandSequence);
  }

  /** Never sent, or sent at least {@code rearmSeconds} before {@code t}. */
  private static boolean armed(AccountProfile a, int action, long t, AccountResponseRules r) {
    long last = a.accountActionMillis[action];
    return last == 0 || t - last >= r.rearmSeconds * 1000;
  }

  /**
   * Whether {@code key} may be revoked now; if so, remembers it (in its own slot, or the oldest
   * one: an account revoking a third key within the re-arm time may see the first revoked again).
   */
  private static boolean revokeArmed(AccountProfile a, long key, long t, AccountResponseRules r) {
    int slot = 0;
    for (int i = 0; i < AccountProfile.REVOKED_KEYS; i++) {
      if (a.revokedKeys[i] == key) {
        if (t - a.revokedKeyMillis[i] < r.rearmSeconds * 1000) {
          return false;
        }
        slot = i;
        break;
      }
      if (a.revokedKeyMillis[i] < a.revokedKeyMillis[slot]) {
        slot = i;
      }
    }
    a.revokedKeys[slot] = key;
    a.revokedKeyMillis[slot] = t;
    return true;
  }
}
