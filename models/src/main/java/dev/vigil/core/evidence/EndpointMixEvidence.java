package dev.vigil.core.evidence;

import dev.vigil.core.model.EndpointRole;
import dev.vigil.core.model.IntentModel;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.PopulationPrior;
import dev.vigil.core.profile.SessionState;

/**
 * {@code endpoint_mix}: is this session doing what its account does? A sequential test over the
 * roles of the session's ordinary requests (history, orders, market data, account reads, other; the
 * operator names them in the model file). Logins, second factors, withdrawals, whitelist, key and
 * security-setting requests have terms of their own and are left out ({@link
 * EndpointRole#inMix()}): both distributions below are conditional on an ordinary role.
 *
 * <p><b>The test.</b> Each request's role r is one observation with log-likelihood ratio {@code l =
 * ln(P_att(r) / P_acc(r))}: P_att is the attacker-intent distribution ({@link
 * dev.vigil.core.model.AttackerIntent}, from what cash-out, exfiltration and trading-abuse sessions
 * need), P_acc the account's decayed role mix backed off to the population's (Freeman et al., NDSS
 * 2016): {@code P_acc(r) = (c_r + alpha P_pop(r)) / (n + alpha)}, so a brand-new account is
 * measured against the exchange's mix. The account's counts are those at the session's first
 * request (kept in the session): the profile learns from clean sessions as they go, and a session
 * measured against a mix it is teaching would make its own requests look usual after a few of them
 * (a new account's first session at once). The session sums them as Wald's sequential probability
 * ratio test (Wald 1945) with the lower boundary replaced by a reflection at 0, i.e. Page's CUSUM
 * (Page 1954), {@code G = max(0, G + l - k)}: an owner's requests have negative drift under it
 * (E_owner[l] = -KL(P_acc || P_att) < 0), so G hovers near 0, and a run of requests of a role the
 * account rarely uses drives it up however long the owner's part of the session was. The evidence
 * added is the increase of G's running maximum, so the term's total in a session is that maximum.
 * CUSUM rather than the plain SPRT sum because a session is not a fixed sample: an owner's long
 * quiet session must not bank negative evidence that hides a later takeover (the filter's clamp
 * {@code maxAbsLogOdds} makes the same point).
 *
 * <p><b>Allowance.</b> P_acc is the account's average mix, but an owner's sessions vary around it
 * (one spent on the history, the next on orders): per request, l overstates the evidence of such a
 * session. The reference value k ({@code evidence.endpointMix.allowancePerRequest}, 0.25 nat) is
 * Page's allowance for shifts too small to matter, set as the textbook does at half the shift to
 * detect (here the per-request clamp): an owner who looks at two pages of his history adds 0.5 nat,
 * a key paging it a hundred times reaches the session cap in 16 requests.
 *
 * <p><b>Caps.</b> A request's l is clamped to +-{@code evidence.endpointMix.maxLlrPerRequest} (0.5
 * nat): requests come in runs (one decision to read the history is twenty pages), so a request is a
 * fraction of an independent observation, and 0.5 means a run needs 8 requests to reach the session
 * cap. The session's total is at most {@code maxLlrPerSession} (4 nats), one cap for the whole mix
 * rather than one per role, which would let a session spread over three roles add 12: 4 nats are
 * below the 7 that take a session from the prior (1e-4) to the step-up threshold (0.1), so the mix
 * alone never steps a session up; it takes another kind of evidence (a network or client new to the
 * account, a cash-out) to act. An owner who pages his own history now and then has history in his
 * mix and drifts down on it; one who scrapes it for the first time can at most add these 4 nats,
 * which a throttle (not a step-up) answers.
 *
 * <p>Values: the role, the session's count of that role, the account's share of it when the session
 * started. Writes the session's role counts and statistic. O(1), no allocation.
 */
final class EndpointMixEvidence {
  private EndpointMixEvidence() {}

  static void extract(
      AccountProfile a,
      SessionState s,
      PopulationPrior pop,
      EventFeatures f,
      RiskModel m,
      double w,
      EvidenceBuffer out) {
    int r = f.role;
    int count = (s.roleCounts[r] & 0xff) + 1;
    if (count <= 255) {
      s.roleCounts[r] = (byte) count;
    }
    // Taken at the first request; a session that began before its account had a mix of
    // baselineMinObservations requests (a bot's days-long first session) takes it once there is
    // one, as the rate baseline does: until then it is measured against the population.
    double minRequests = m.evidence.baselineMinObservations;
    if (s.events <= 1 || (s.refRoleRequests < minRequests && a.rolesTotal / w >= minRequests)) {
      // (rolesTotal counts every role: a cheap test; the snapshot counts the mix roles only.)
      snapshot(a, s, w);
    }
    if (!m.features.endpointMix || !EndpointRole.byOrdinal(r).inMix()) {
      return;
    }
    IntentModel im = m.evidence.intent;
    double alpha = m.profile.smoothingAlpha;
    double pPop = pop.mixRoleProbability(r, f.timeMillis, m.population);
    double n = s.refRoleRequests;
    double pAcc = (s.refRoleShares[r] * n + alpha * pPop) / (n + alpha);
    double cap = im.mixMaxLlrPerRequest;
    double l = Math.max(-cap, Math.min(cap, Math.log(im.attackerRoleShares[r] / pAcc)));
    s.mixStatistic = (float) Math.max(0.0, s.mixStatistic + l - im.mixAllowancePerRequest);
    double reach = Math.min(s.mixStatistic, im.mixMaxLlrPerSession);
    if (reach > s.mixReported) {
      double llr = reach - s.mixReported;
      s.mixReported = (float) reach;
      IntentEvidence.add(
          out,
          m.evidence,
          EvidenceCode.ENDPOINT_MIX,
          llr,
          r,
          Math.min(count, 255),
          s.refRoleShares[r]);
    }
  }

  /**
   * The account's role mix as the session starts, before the session teaches it anything: shares
   * among the roles in the mix, and the decayed number of such requests.
   */
  private static void snapshot(AccountProfile a, SessionState s, double w) {
    float total = 0;
    for (int i = 0; i < EndpointRole.COUNT; i++) {
      total += EndpointRole.byOrdinal(i).inMix() ? a.roles[i] : 0f;
    }
    for (int i = 0; i < EndpointRole.COUNT; i++) {
      boolean in = EndpointRole.byOrdinal(i).inMix();
      s.refRoleShares[i] = total > 0 && in ? a.roles[i] / total : 0f;
    }
    s.refRoleRequests = (float) (total / w);
  }
}
