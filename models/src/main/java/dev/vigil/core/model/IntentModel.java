package dev.vigil.core.model;

/**
 * Settings of the intent evidence (optional sections {@code evidence.endpointMix} and {@code
 * evidence.cashOutIntent}; the documented defaults below when absent). The terms themselves are
 * switched by {@code features.endpointMix}, {@code features.securityChangeThenWithdrawal}, {@code
 * features.keyChangeInFreshSession} and {@code features.fastCashOut}, off when absent, so a model
 * file written before them keeps its behaviour.
 */
public final class IntentModel {
  /**
   * P_att(role | the role is in the mix) by {@link EndpointRole#ordinal()} (see {@link
   * AttackerIntent}); 0 for roles outside the mix.
   */
  public final double[] attackerRoleShares;

  /** Clamp of one request's LLR in the endpoint-mix test, both ways (default 0.5 nat). */
  public final double mixMaxLlrPerRequest;

  /** Page's reference value k subtracted from each request's clamped LLR (default 0.25 nat). */
  public final double mixAllowancePerRequest;

  /** Most the endpoint-mix test adds in one session (default 4 nats). */
  public final double mixMaxLlrPerSession;

  /** A session is fresh for this long after its first request (default 15 min). */
  public final double freshSessionMinutes;

  /** LLR of a withdrawal after a security-setting change in the same session (default 5.7). */
  public final double securityChangeThenWithdrawalLlr;

  /** LLR of an API-key creation or permission change in a fresh session (default 4.6). */
  public final double keyChangeInFreshSessionLlr;

  /** LLR of a fast cash-out from a new device or network (default 1.0). */
  public final double fastCashOutLlr;

  IntentModel(StrictNode evidence) {
    if (evidence.has("endpointMix")) {
      StrictNode n = evidence.object("endpointMix");
      attackerRoleShares =
          n.has("attackerRoleShares")
              ? shares(n.object("attackerRoleShares"))
              : AttackerIntent.defaultShares();
      mixMaxLlrPerRequest = n.number("maxLlrPerRequest", 0, 5);
      mixAllowancePerRequest =
          n.has("allowancePerRequest") ? n.number("allowancePerRequest", 0, 5) : 0.25;
      mixMaxLlrPerSession = n.number("maxLlrPerSession", 0, 20);
      n.finish();
    } else {
      attackerRoleShares = AttackerIntent.inMix(AttackerIntent.defaultShares());
      mixMaxLlrPerRequest = 0.5;
      mixAllowancePerRequest = 0.25;
      mixMaxLlrPerSession = 4.0;
    }
    if (evidence.has("cashOutIntent")) {
      StrictNode n = evidence.object("cashOutIntent");
      freshSessionMinutes = n.number("freshSessionMinutes", 0, 1440);
      securityChangeThenWithdrawalLlr = n.number("securityChangeThenWithdrawalLlr", 0, 20);
      keyChangeInFreshSessionLlr = n.number("keyChangeInFreshSessionLlr", 0, 20);
      fastCashOutLlr = n.number("fastCashOutLlr", 0, 20);
      n.finish();
    } else {
      freshSessionMinutes = 15;
      securityChangeThenWithdrawalLlr = 5.7;
      keyChangeInFreshSessionLlr = 4.6;
      fastCashOutLlr = 1.0;
    }
  }

  /** Role name to share (missing roles 0), normalised and floored as the default is. */
  private static double[] shares(StrictNode n) {
    double[] p = new double[EndpointRole.COUNT];
    double sum = 0;
    for (EndpointRole r : EndpointRole.values()) {
      if (n.has(r.wireName())) {
        p[r.ordinal()] = n.number(r.wireName(), 0, 1);
        sum += p[r.ordinal()];
      }
    }
    n.finish();
    if (sum <= 0) {
      throw new ModelValidationException(n.path(), "at least one role needs a positive share");
    }
    return AttackerIntent.withFloor(p);
  }
}
