package dev.vigil.cases;

import java.util.List;

/** Test signals: exact values, no randomness. */
final class CaseSignals {
  private CaseSignals() {}

  static CaseSignal signal(
      String decisionId, long time, String account, String session, String action, double p) {
    return signal(decisionId, time, account, session, action, p, null, null);
  }

  static CaseSignal signal(
      String decisionId,
      long time,
      String account,
      String session,
      String action,
      double p,
      String ip,
      String address) {
    return new CaseSignal(
        decisionId,
        time,
        account,
        session,
        action,
        action.equals(CaseSignal.NO_ACTION) ? List.of() : List.of(action),
        0.0,
        p,
        List.of("new_network", "impossible_travel"),
        ip,
        address);
  }
}
