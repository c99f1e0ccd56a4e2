package dev.vigil.cli;

import dev.vigil.demo.DemoGateway;
import dev.vigil.demo.DemoTally;
import dev.vigil.demo.GatewaySummary;
import dev.vigil.demo.SocSummary;
import dev.vigil.demo.SocTally;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.DeadLetterReason;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The demo's summary table: what was sent, read, dead-lettered and acted on, and what the SOC got
 * (signals, cases, findings).
 */
final class DemoSummary {
  private DemoSummary() {}

  /**
   * Prints the table under {@code title} ("Summary" at the end, marked as interrupted on Ctrl-C,
   * where records still on their way through the jobs are not counted as lost).
   */
  static void print(
      PrintWriter out,
      String title,
      long sent,
      DemoTally tally,
      SocTally soc,
      DemoGateway gateway,
      boolean interrupted) {
    long valid = tally.valid();
    long dead = tally.deadLettered();
    out.println();
    out.println(title);
    out.printf(Locale.ROOT, "  sent           %,10d%n", sent);
    out.printf(Locale.ROOT, "  read           %,10d%n", valid + dead);
    out.printf(Locale.ROOT, "  valid          %,10d%n", valid);
    out.printf(Locale.ROOT, "  dead-lettered  %,10d%n", dead);
    tally.deadLettersByReason().entrySet().stream()
        .sorted(Map.Entry.<DeadLetterReason, Long>comparingByValue().reversed())
        .forEach(
            e ->
                out.printf(
                    Locale.ROOT,
                    "    %-22s %,8d%n",
                    e.getKey().name().toLowerCase(Locale.ROOT),
                    e.getValue()));
    out.printf(
        Locale.ROOT,
        "  read = valid + dead-lettered: %s%n",
        valid + dead == sent
            ? "yes, nothing lost"
            : interrupted
                ? "not yet, " + (sent - valid - dead) + " still on their way when interrupted"
                : "NO: " + (sent - valid - dead) + " missing");
    out.printf(Locale.ROOT, "  sessions       %,10d%n", tally.sessions());
    tally
        .commandsByAction()
        .forEach(
            (a, n) ->
                out.printf(Locale.ROOT, "  %-14s %,10d%n", a.name().toLowerCase(Locale.ROOT), n));
    out.printf(Locale.ROOT, "  audit records  %,10d%n", tally.decisions().size());
    out.printf(Locale.ROOT, "  audit chain    %s%n", tally.auditChain());
    out.printf(Locale.ROOT, "  CAEP tokens    %,10d%n", tally.caepTokens());
    SocSummary.print(out, soc, tally.decisions());
    GatewaySummary.print(out, gateway, tally.decisions());
    out.flush();
  }

  /**
   * One progress line: the phase, what was sent, read, dead-lettered and acted on after {@code
   * seconds}. During the history replay the attack count says the attacks are still to come.
   */
  static String progress(
      long seconds, DemoPhase phase, long sent, DemoTally t, Set<String> compromised) {
    Map<CommandAction, Long> actions = t.commandsByAction();
    long actedOn = t.enforcedSessions().stream().filter(compromised::contains).count();
    return String.format(
        Locale.ROOT,
        "t=%3ds %-14s | sent %,d | valid %,d | dead %,d | sessions %,d | kill %d step-up %d"
            + " timeout %d rate %d | attacks acted on %d/%d%s",
        seconds,
        phase.name(),
        sent,
        t.valid(),
        t.deadLettered(),
        t.sessions(),
        actions.getOrDefault(CommandAction.KILL, 0L),
        actions.getOrDefault(CommandAction.STEP_UP, 0L),
        actions.getOrDefault(CommandAction.SET_TIMEOUT, 0L),
        actions.getOrDefault(CommandAction.SET_RATE_LIMIT, 0L),
        actedOn,
        compromised.size(),
        phase.live() ? "" : " (attacks come in the live window)");
  }
}
