package dev.vigil.evaluation;

import java.util.List;
import java.util.Locale;

/** The terminal rendering of an {@link EvaluationReport}: fixed-width tables. */
public final class ReportTable {
  private ReportTable() {}

  public static String render(EvaluationReport r) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%d labelled sessions, %d commands (%d on unlabelled sessions)%n%n",
            r.labelledSessions(),
            r.commands(),
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
              pct(m.detectionRate()),
              pair(m.requestsToAction()),
              pair(m.secondsToAction()),
              m.attempts() == 0 ? "-" : m.attemptsActioned() + "/" + m.attempts()));
    }
    b.append("\nAbuse scenarios (throttle is right, kill is wrong)\n");
    b.append(
        String.format(
            Locale.ROOT,
            "%-20s %8s %10s %8s %10s%n",
            "scenario",
            "sessions",
            "throttled",
            "killed",
            "stepped up"));
    for (AbuseMetrics m : r.abuse()) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-20s %8d %10s %8s %10d%n",
              m.scenario(),
              m.sessions(),
              pct(m.throttledRate()),
              pct(m.killedRate()),
              m.steppedUp()));
    }
    b.append("\nFalse actions on benign sessions\n");
    falseActions(b, "population", r);
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

  private static void falseActions(StringBuilder b, String title, EvaluationReport r) {
    b.append(
        String.format(
            Locale.ROOT,
            "%-20s %8s %8s %10s %10s %12s%n",
            title,
            "sessions",
            "killed",
            "stepped up",
            "throttled",
            "timeout cut"));
    for (FalseActionMetrics m : r.benignByPopulation()) {
      row(b, m.group(), m);
    }
    for (FalseActionMetrics m : r.benignByHardCase()) {
      row(b, "  " + m.group(), m);
    }
  }

  private static void row(StringBuilder b, String name, FalseActionMetrics m) {
    b.append(
        String.format(
            Locale.ROOT,
            "%-20s %8d %8s %10s %10s %12s%n",
            name,
            m.sessions(),
            pct(m.killedRate()),
            pct(m.steppedUpRate()),
            pct(m.throttledRate()),
            pct(m.timeoutCutRate())));
  }

  private static String pct(Double rate) {
    return rate == null ? "-" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
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
