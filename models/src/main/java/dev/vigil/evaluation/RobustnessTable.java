package dev.vigil.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/** The terminal table and the JSON of a {@link RobustnessGrid} run: one row per world. */
public final class RobustnessTable {
  private static final String ROW = "%-18s %-8s %11s %11s %9s %8s %10s %7s %7s %8s %14s%n";

  private RobustnessTable() {}

  public static String render(List<RobustnessRow> rows) {
    StringBuilder b = new StringBuilder();
    b.append(
        "Detected = step-up, withdrawal hold or kill before the attacker's last request;"
            + " careful = low_and_slow, sim_swap, readonly_key_exfil, cookie_hijack_local.\n"
            + "Benign counts every benign session, warm-up included (warm-up share in brackets);"
            + " req p50/95 = attacker requests up to the first action.\n");
    b.append(
        String.format(
            Locale.ROOT,
            ROW,
            "world",
            "split",
            "compromise",
            "careful",
            "req p50/95",
            "benign",
            "(warm-up)",
            "killed",
            "step/hold",
            "bot kill",
            "abuse thr/k/su"));
    for (RobustnessRow r : rows) {
      b.append(
          String.format(
              Locale.ROOT,
              ROW,
              r.world(),
              r.split(),
              r.detected() + "/" + r.compromised(),
              r.carefulDetected() + "/" + r.carefulCompromised(),
              pair(r.requestsToAction()),
              r.benign(),
              "(" + r.benignWarmup() + ")",
              r.benignKilled(),
              r.benignSteppedUpOrHeld(),
              r.botKilled() + "/" + r.botSessions(),
              r.abuseThrottled()
                  + "/"
                  + r.abuseKilled()
                  + "/"
                  + r.abuseSteppedUp()
                  + " of "
                  + r.abuse()));
    }
    b.append("\nDetected / compromised per scenario\n");
    for (RobustnessRow r : rows) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-18s", r.world()));
      r.byScenario()
          .forEach(
              (s, c) ->
                  line.append(' ')
                      .append(s)
                      .append(' ')
                      .append(c.detected())
                      .append('/')
                      .append(c.sessions()));
      b.append(line).append('\n');
    }
    if (!rows.isEmpty()) {
      RobustnessRow f = rows.get(0);
      long events = rows.stream().mapToLong(RobustnessRow::events).sum();
      double seconds = rows.stream().mapToDouble(RobustnessRow::seconds).sum();
      b.append(
          String.format(
              Locale.ROOT,
              "%n%d worlds x seeds %s x %,d accounts: %,d events replayed, %.0f s of runs%n",
              rows.size(),
              f.seeds(),
              f.accounts(),
              events,
              seconds));
    }
    return b.toString();
  }

  public static String json(List<RobustnessRow> rows) {
    try {
      return new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(java.util.Map.of("worlds", rows));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pair(Distribution d) {
    if (d.n() == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.0f/%.0f", d.median(), d.p95());
  }
}
