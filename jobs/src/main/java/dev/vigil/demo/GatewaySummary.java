package dev.vigil.demo;

import dev.vigil.enforcer.EnforcerStats;
import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The "gateway" block of the demo's summary: what the demo's {@link DemoGateway} did with the
 * commands (sessions killed, sessions the gateway itself ended after a failed or abandoned step-up
 * or a timeout, sessions challenged and how the step-ups went, throttled, withdrawals held,
 * commands rejected by reason) and which of its outcomes the risk job read back into its audit
 * trail (audit records whose one reason is an outcome of this gateway, by reason code).
 */
public final class GatewaySummary {
  private GatewaySummary() {}

  /** Prints the block; {@code audit} is the job's audit records read so far. */
  public static void print(PrintWriter out, DemoGateway gateway, Collection<RiskDecision> audit) {
    EnforcerStats s = gateway.stats();
    DemoGateway.Answers a = gateway.answers();
    out.println("  gateway (reference enforcer, " + DemoGateway.GATEWAY_ID + ")");
    out.printf(Locale.ROOT, "    commands applied     %,8d%n", s.applied());
    long rejected = s.rejections().values().stream().mapToLong(Long::longValue).sum();
    out.printf(Locale.ROOT, "    commands rejected    %,8d%n", rejected);
    s.rejections()
        .forEach(
            (reason, n) ->
                out.printf(
                    Locale.ROOT, "      %-18s %,8d%n", reason.name().toLowerCase(Locale.ROOT), n));
    out.printf(Locale.ROOT, "    ignored (ended)      %,8d%n", s.ignored());
    out.printf(Locale.ROOT, "    sessions killed      %,8d%n", s.sessionsKilled());
    out.printf(Locale.ROOT, "    ended by gateway     %,8d%n", s.sessionsEnded());
    out.printf(Locale.ROOT, "    sessions challenged  %,8d%n", s.sessionsChallenged());
    out.printf(Locale.ROOT, "    step-ups answered    %,8d%n", a.presented());
    out.printf(Locale.ROOT, "      passed             %,8d%n", a.passed());
    out.printf(Locale.ROOT, "      failed             %,8d%n", a.failed());
    out.printf(Locale.ROOT, "      abandoned          %,8d%n", a.abandoned());
    out.printf(Locale.ROOT, "    sessions throttled   %,8d%n", s.sessionsThrottled());
    out.printf(Locale.ROOT, "    withdrawals held     %,8d%n", s.sessionsHeld());
    Map<String, Long> read = outcomesInAudit(audit);
    out.printf(
        Locale.ROOT,
        "    outcomes in audit    %,8d%n",
        read.values().stream().mapToLong(Long::longValue).sum());
    read.forEach((code, n) -> out.printf(Locale.ROOT, "      %-24s %,8d%n", code, n));
    if (gateway.failure() != null) {
      out.println("    the gateway stopped early: " + gateway.failure().getMessage());
    }
  }

  /** The audit records made from this gateway's outcomes, by reason code (sorted). */
  static Map<String, Long> outcomesInAudit(Collection<RiskDecision> audit) {
    Map<String, Long> byCode = new TreeMap<>();
    for (RiskDecision d : audit) {
      if (d.getShadow()) {
        continue;
      }
      for (Reason r : d.getEvidence()) {
        if (DemoGateway.GATEWAY_ID.equals(r.getValues().get("gateway_id"))) {
          byCode.merge(r.getCode(), 1L, Long::sum);
        }
      }
    }
    return byCode;
  }
}
