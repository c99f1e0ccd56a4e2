package dev.vigil.evaluation;

import java.util.List;
import java.util.Locale;

/**
 * The terminal rendering of an {@link EvaluationReport}: fixed-width tables. Every rate is shown
 * with the sessions it is over; one over fewer than {@link #MIN_SESSIONS} sessions is not printed
 * as a percentage but as "n<30", so that 0/11 never reads as a clean 0.0%.
 */
public final class ReportTable {
  /** Fewer sessions than this and a rate is shown as counts only. */
  public static final int MIN_SESSIONS = 30;

  private static final String FEW = "n<" + MIN_SESSIONS;

  private ReportTable() {}

  public static String render(EvaluationReport r) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%,d labelled sessions in the window and %,d in the warm-up (history replayed before"
                + " it), %,d commands (%,d on warm-up sessions, %,d on unlabelled sessions)%n%n",
            r.labelledSessions(),
            r.warmupSessions(),
            r.commands(),
            r.warmupCommands(),
            r.unmatchedCommands()));
    String unmatched = new LabelJoin(List.of(), r.unmatchedLabels()).describeUnmatched();
    if (unmatched != null) {
      b.append(unmatched).append(" (left out of every metric)\n\n");
    }
    b.append(
        "Compromise scenarios (detection = step-up or kill before the attacker's last request)\n");
    b.append(
        String.format(
            Locale.ROOT,
            "%-20s %8s %9s %9s %14s %14s %10s%n",
            "scenario",
            "sessions",
            "detected",
            "rate",
            "requests p50/95",
            "seconds p50/95",
            "attempts"));
    for (CompromiseMetrics m : r.scenarios()) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-20s %8d %9d %9s %14s %14s %10s%n",
              m.scenario(),
              m.sessions(),
              m.detected(),
              pct(m.detectionRate(), m.sessions()),
              pair(m.requestsToAction()),
              pair(m.secondsToAction()),
              m.attempts() == 0 ? "-" : m.attemptsActioned() + "/" + m.attempts()));
    }
    b.append("\nAbuse scenarios (throttle is right, kill is wrong)\n");
    b.append(
        String.format(
            Locale.ROOT,
            "%-20s %8s %16s %16s %10s%n",
            "scenario",
            "sessions",
            "throttled",
            "killed",
            "stepped up"));
    for (AbuseMetrics m : r.abuse()) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-20s %8d %16s %16s %10d%n",
              m.scenario(),
              m.sessions(),
              cell(m.throttled(), m.sessions()),
              cell(m.killed(), m.sessions()),
              m.steppedUp()));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "%nFalse actions on benign sessions, warm-up included (sessions with at least one, of"
                + " the sessions; a rate over fewer than %d sessions is not given)%n",
            MIN_SESSIONS));
    falseActions(b, r);
    if (r.calibration() != null) {
      Calibration c = r.calibration();
      b.append(
          String.format(
              Locale.ROOT,
              "%nCalibration (max probability per session, %d sessions, %d without decisions): ECE %.4f%n",
              c.sessions(),
              c.sessionsWithoutDecisions(),
              c.expectedCalibrationError()));
      b.append(
          String.format(
              Locale.ROOT, "%-11s %8s %10s %10s%n", "bin", "sessions", "mean p", "observed"));
      for (ReliabilityBin bin : c.bins()) {
        b.append(
            String.format(
                Locale.ROOT,
                "[%.1f, %.1f%c %8d %10s %10s%n",
                bin.lower(),
                bin.upper(),
                bin.upper() >= 1 ? ']' : ')',
                bin.sessions(),
                num(bin.meanProbability()),
                num(bin.observedRate())));
      }
    }
    return b.toString();
  }

  private static void falseActions(StringBuilder b, EvaluationReport r) {
    b.append(
        String.format(
            Locale.ROOT,
            "%-22s %8s %16s %16s %16s %16s%n",
            "benign sessions",
            "sessions",
            "killed",
            "stepped up",
            "throttled",
            "timeout cut"));
    for (FalseActionMetrics m : r.benignTotals()) {
      row(b, m.group().equals(EvaluationReport.ALL_BENIGN) ? m.group() : "  " + m.group(), m);
    }
    b.append("in the window, per population\n");
    for (FalseActionMetrics m : r.benignByPopulation()) {
      row(b, "  " + m.group(), m);
    }
    for (FalseActionMetrics m : r.benignByHardCase()) {
      row(b, "    " + m.group(), m);
    }
    if (!r.benignWarmupByPopulation().isEmpty()) {
      b.append("in the warm-up, per population\n");
      for (FalseActionMetrics m : r.benignWarmupByPopulation()) {
        row(b, "  " + m.group(), m);
      }
    }
  }

  private static void row(StringBuilder b, String name, FalseActionMetrics m) {
    int n = m.sessions();
    b.append(
        String.format(
            Locale.ROOT,
            "%-22s %8d %16s %16s %16s %16s%n",
            name,
            n,
            cell(m.killed(), n),
            cell(m.steppedUp(), n),
            cell(m.throttled(), n),
            cell(m.timeoutCut(), n)));
  }

  /** "k/n rate", or "k/n n<30" when there are too few sessions for a rate to mean much. */
  static String cell(int k, int n) {
    return n == 0 ? "-" : k + "/" + n + " " + pct((double) k / n, n);
  }

  /** The rate as a percentage, "n<30" when over fewer than {@link #MIN_SESSIONS} sessions. */
  static String pct(Double rate, int sessions) {
    if (rate == null) {
      return "-";
    }
    return sessions < MIN_SESSIONS ? FEW : String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }

  private static String num(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String pair(Distribution d) {
    if (d.n() == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%s/%s", compact(d.median()), compact(d.p95()));
  }

  private static String compact(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.1f", v);
  }
}
