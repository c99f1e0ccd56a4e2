package dev.vigil.job.risk;

import dev.vigil.audit.Pseudonymiser;
import dev.vigil.job.cases.CaseOrigin;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.RiskDecision;
import java.util.List;
import org.apache.flink.util.OutputTag;

/**
 * The session risk operator's side output for cross-account cases: for an enforced decision that
 * may join a case ({@link CaseOrigin#emits}), its event's network prefix and withdrawal address
 * ({@link CaseOrigin}), pseudonymised as the audit trail is. Nothing here reaches a topic; the case
 * stage keys these by network and address ({@code SharedCaseFunction}). Shared by the operator and
 * its replay ({@link SubtaskReplay}) so that {@code vigil score} groups as the job does. Cost: none
 * for an event without a decision; for a decision that qualifies, the prefix text and at most two
 * small records (and one HMAC each when pseudonymised). Decisions on a gateway's outcome have no
 * event, so no network or address: they join their account's case only.
 */
final class CaseOrigins {
  /** Decisions with their network and withdrawal address, for the case stage. */
  static final OutputTag<CaseOrigin> TAG = new OutputTag<>("case-origins") {};

  private final Pseudonymiser pseudonyms;

  /**
   * @param pseudonyms the audit trail's pseudonymiser, or null when it is not pseudonymised
   */
  CaseOrigins(Pseudonymiser pseudonyms) {
    this.pseudonyms = pseudonyms;
  }

  /** Emits the origins of {@code d} (the audit record of {@code e}) on {@link #TAG}. */
  void emit(RiskDecision d, AccessEvent e, SessionRiskFunction.ReadOnlyContext ctx) {
    if (!CaseOrigin.emits(d)) {
      return;
    }
    CaseOrigin n = CaseOrigin.network(d, e, pseudonyms);
    if (n != null) {
      ctx.output(TAG, n);
    }
    CaseOrigin a = CaseOrigin.address(d, e, pseudonyms);
    if (a != null) {
      ctx.output(TAG, a);
    }
  }

  /** The same, added to {@code out} (the replay). */
  void addTo(RiskDecision d, AccessEvent e, List<CaseOrigin> out) {
    if (!CaseOrigin.emits(d)) {
      return;
    }
    CaseOrigin n = CaseOrigin.network(d, e, pseudonyms);
    if (n != null) {
      out.add(n);
    }
    CaseOrigin a = CaseOrigin.address(d, e, pseudonyms);
    if (a != null) {
      out.add(a);
    }
  }
}
