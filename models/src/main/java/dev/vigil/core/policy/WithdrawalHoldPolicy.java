package dev.vigil.core.policy;

import dev.vigil.core.model.ResponseRules;
import dev.vigil.core.profile.SessionState;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.HoldScope;

/**
 * HOLD_WITHDRAWALS: on a withdrawal or a whitelist change, hold the account's withdrawals for
 * {@code policy.holdSeconds} (24 h) unless the owner confirms out of band or an analyst releases
 * them. The answer to a careful takeover whose evidence is too weak for a kill: the session goes
 * on, the money does not leave.
 *
 * <ul>
 *   <li>P >= {@code policy.holdEnter} on a request whose address the session itself added to the
 *       whitelist (the whitelist change, or a withdrawal to that address): withdrawals to addresses
 *       added in the session are held ({@code ADDRESSES_ADDED_IN_SESSION}); a withdrawal to an
 *       address the account had before is not held, since such a hold would not bite;
 *   <li>a kill withheld on this request (one kind of evidence only, or the kill-rate breaker open,
 *       see {@link EscalationPolicy}): all withdrawals are held ({@code ALL}).
 * </ul>
 *
 * Each at most once per session (a wider scope may follow a narrower one); never on volume alone
 * ({@link EvidenceKinds#beyondVolume}); not for a killed session.
 *
 * <p><b>Where {@code holdEnter} comes from</b> (like {@link TimeoutPolicy}, an expected-cost
 * balance). Holding a cash-out is worth it when the loss it prevents outweighs what it costs an
 * honest owner: P L_w >= (1 - P) c_h, i.e. odds(P) >= c_h / L_w. The model's step-up threshold
 * already states the cost of a prompt against an hour of exposure, odds(stepUpEnter) = c_s / L, and
 * a wrong "allow" on a withdrawal loses {@code withdrawalExposureMultiplier} m times more, L_w = m
 * L (hence the cost-balanced {@code sensitiveStepUpEnter} = stepUpEnter / m). A hold costs the
 * owner at most what a prompt does (one out-of-band confirmation, deferred rather than blocking the
 * session), and only on the withdrawals in scope: c_h = q c_s with q <= 1 the share of an owner's
 * withdrawals that go to an address just added (about 0.1, the base rate behind {@code
 * freshAddressWithdrawalLlr}). So odds(holdEnter) = q odds(stepUpEnter) / m: with the defaults
 * (0.1, m = 5) 0.0022 for q = 0.1 and 0.022 for q = 1. The default model takes q = 1, holdEnter =
 * 0.02, below step-up (0.1): it does not lean on the scope to make holds cheap. At 0.02 a step-up
 * was tried and rejected (owners behind VPNs were prompted on most withdrawals); a hold of a new
 * address costs those owners nothing on withdrawals to their usual addresses.
 */
public final class WithdrawalHoldPolicy implements SessionPolicy {
  private static final byte SCOPED = 1;
  private static final byte ALL = 2;

  @Override
  public String name() {
    return "withdrawal-hold";
  }

  @Override
  public void decide(PolicyInput in, Decision out) {
    SessionState s = in.session;
    if (!in.cashOutRequest
        || EnforcementLevel.byOrdinal(s.level) == EnforcementLevel.KILLED
        || out.indexOf(CommandAction.KILL) >= 0) {
      return;
    }
    ResponseRules r = in.model.policy.response;
    if (!EvidenceKinds.beyondVolume(s, r.killMinKindLlr, r.behaviourCountsAtVolume)) {
      return;
    }
    // addressWhitelistedHere: the request's address was added to the whitelist by this session.
    byte scope =
        in.killWithheld
            ? ALL
            : s.addressWhitelistedHere && in.probability >= r.holdEnter ? SCOPED : 0;
    if (scope > s.holdScope) {
      s.holdScope = scope;
      out.holdWithdrawals(
          r.holdSeconds, scope == ALL ? HoldScope.ALL : HoldScope.ADDRESSES_ADDED_IN_SESSION);
    }
  }
}
