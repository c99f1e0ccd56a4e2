package dev.vigil.core.evidence;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.PopulationPrior;
import dev.vigil.core.profile.SessionState;

/**
 * Evidence about what the session does (intent), not where it comes from: the endpoint mix ({@link
 * EndpointMixEvidence}) and the cash-out sequences ({@link CashOutIntentEvidence}). Called by
 * {@link EvidenceExtractor} after its own terms, once per event; reads the account and the
 * population, writes only the session's intent block. O(1), no allocation.
 */
public final class IntentEvidence {
  private IntentEvidence() {}

  /**
   * Adds the intent terms of event {@code f} to {@code out}; {@code w} is the account's
   * forward-decay weight at the event.
   */
  public static void extract(
      AccountProfile a,
      SessionState s,
      PopulationPrior pop,
      EventFeatures f,
      RiskModel m,
      double w,
      EvidenceBuffer out) {
    EndpointMixEvidence.extract(a, s, pop, f, m, w, out);
    CashOutIntentEvidence.extract(a, s, f, m, out);
  }

  /**
   * Adds a term as every term is added ({@link EvidenceExtractor#add}: clamped, times the trained
   * weight of its code).
   */
  static void add(
      EvidenceBuffer out,
      RiskModel.Evidence ev,
      EvidenceCode code,
      double llr,
      double v0,
      double v1,
      double v2) {
    EvidenceExtractor.add(out, ev, code, llr, v0, v1, v2);
  }
}
