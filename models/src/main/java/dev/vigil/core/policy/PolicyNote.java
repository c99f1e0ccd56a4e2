package dev.vigil.core.policy;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.evidence.EvidenceKind;
import java.util.Locale;

/**
 * What a policy chose not to do, and why: carried by the decision into the commands' reasons and
 * the audit record's notes (LLR 0: a note, not evidence). Each has a stable wire code, three named
 * values and a plain-words template.
 */
public enum PolicyNote {
  KILL_WITHHELD_SINGLE_KIND(
      "kill_withheld_single_kind",
      "kill withheld: single kind of evidence (%s, %s nats); a kill needs two independent kinds of"
          + " at least %s nats each, so the session is stepped up instead",
      "kind",
      "kind_llr",
      "min_kind_llr"),
  KILL_BREAKER_OPEN(
      "kill_breaker_open",
      "kill degraded to a step-up: the kill-rate breaker is open (%s would-be kills per hour"
          + " recently against a usual %s; reason %s)",
      "recent_kills_per_hour",
      "baseline_kills_per_hour",
      "reason");

  private final String code;
  private final String template;
  private final String[] valueNames;

  PolicyNote(String code, String template, String... valueNames) {
    this.code = code;
    this.template = template;
    this.valueNames = valueNames;
  }

  public String code() {
    return code;
  }

  public String template() {
    return template;
  }

  public String valueName(int i) {
    return valueNames[i];
  }

  /** A value as text: kinds and codes by name, "all" for the breaker's overall rate. */
  public String valueText(int i, double v) {
    String name = valueNames[i];
    if ("kind".equals(name)) {
      return EvidenceKind.byOrdinal((int) v).name().toLowerCase(Locale.ROOT);
    }
    if ("reason".equals(name)) {
      return Double.isNaN(v) ? "all" : EvidenceCode.byOrdinal((int) v).code();
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  private static final PolicyNote[] VALUES = values();

  public static PolicyNote byOrdinal(int o) {
    return VALUES[o];
  }
}
