package dev.vigil.core.policy;

import dev.vigil.core.evidence.EvidenceBuffer;
import dev.vigil.core.exchange.LiveSignals;
import dev.vigil.core.model.CostProfile;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.TimeoutBounds;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.SessionState;

/** What a policy sees for one event. Reused by the engine (mutable, no allocation per event). */
public final class PolicyInput {
  public AccountProfile account;
  public SessionState session;
  public RiskModel model;
  public double probability;
  public long timeMillis;
  public SessionKind kind;

  /** The event is a sensitive request (withdrawal, whitelist change, key creation). */
  public boolean sensitiveRequest;

  /** The session's {@code UsageCeiling} in requests per second, NaN when there is none. */
  public double usageCeiling;

  /**
   * A sensitive request that moves funds out: a withdrawal or a whitelist change, with an address.
   */
  public boolean cashOutRequest;

  /** The kill-rate breaker of the engine (one per operator subtask). */
  public KillRateBreaker killBreaker;

  /**
   * Set by {@link EscalationPolicy} for this event: the probability called for a kill that the
   * two-kinds rule or the breaker withheld (read by {@link WithdrawalHoldPolicy}).
   */
  public boolean killWithheld;

  /** The hash of the API key the event was signed with, {@code Hashing.ABSENT} if none. */
  public long apiKey;

  /** The event's evidence terms (empty for a gateway's outcome), for the account-response hook. */
  public EvidenceBuffer evidence;

  /** The exchange job's live signals, null for none ({@link FloodThrottle}). */
  public LiveSignals signals;

  /** The slot in {@link #signals} of a live flood-source signal on the event's source, or -1. */
  public int floodSlot = -1;

  public PolicyInput set(
      AccountProfile account,
      SessionState session,
      RiskModel model,
      double probability,
      long timeMillis,
      SessionKind kind,
      boolean sensitiveRequest,
      double usageCeiling) {
    this.sensitiveRequest = sensitiveRequest;
    this.floodSlot = -1;
    this.usageCeiling = usageCeiling;
    this.account = account;
    this.session = session;
    this.model = model;
    this.probability = probability;
    this.timeMillis = timeMillis;
    this.kind = kind;
    return this;
  }

  public CostProfile costs() {
    return kind == SessionKind.AUTOMATED ? model.policy.automated : model.policy.human;
  }

  /** NIST SP 800-63B-4 bounds: AAL3's stricter ones once the session has used withdrawal rights. */
  public TimeoutBounds bounds() {
    return session.sensitiveUsed ? model.policy.aal3 : model.policy.aal2;
  }
}
