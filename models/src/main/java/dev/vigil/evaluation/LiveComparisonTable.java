package dev.vigil.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vigil.evaluation.ComparisonTable.Kind;
import dev.vigil.evaluation.ComparisonTable.Row;
import dev.vigil.evaluation.LiveComparison.Labelled;
import dev.vigil.evaluation.LiveComparison.SessionView;
import dev.vigil.evaluation.LiveComparison.Side;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The side-by-side table of a {@link LiveComparison}, in the shape of {@link ComparisonTable}: A =
 * the champion (active model), B = the challenger (shadow model); as text, CSV and JSON (the JSON
 * also holds every session's maximum probability and actions under each model).
 */
public final class LiveComparisonTable {
  /** Sessions listed under the table where the two models' actions differ. */
  static final int LISTED = 20;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private LiveComparisonTable() {}

  public static List<Row> rows(LiveComparison.Result r) {
    Side a = r.champion();
    Side b = r.challenger();
    List<Row> rows = new ArrayList<>();
    int sessions = r.sessions().size();
    rows.add(ComparisonTable.count("audit", "records", a.records(), b.records()));
    rows.add(
        ComparisonTable.count(
            "audit",
            "sessions moved (of " + sessions + ")",
            a.sessions().size(),
            b.sessions().size()));
    rows.add(new Row("audit", "mean session max P", Kind.NUMBER, mean(a, r), mean(b, r)));
    rows.add(ComparisonTable.count("actions", "sessions killed", a.killed(), b.killed()));
    rows.add(
        ComparisonTable.count(
            "actions", "sessions stepped up, held or killed", a.disrupted(), b.disrupted()));
    for (Map.Entry<String, Integer> e : a.commandsByAction().entrySet()) {
      rows.add(
          ComparisonTable.count(
              "commands",
              e.getKey(),
              e.getValue(),
              b.commandsByAction().getOrDefault(e.getKey(), 0)));
    }
    int both = 0;
    int onlyA = 0;
    int onlyB = 0;
    for (String s : r.sessions()) {
      boolean da = LiveComparison.disrupts(a.view(s).actions());
      boolean db = LiveComparison.disrupts(b.view(s).actions());
      both += da && db ? 1 : 0;
      onlyA += da && !db ? 1 : 0;
      onlyB += db && !da ? 1 : 0;
    }
    rows.add(agreement("sessions whose actions differ", r.disagreeing().size()));
    rows.add(agreement("sessions disrupted by both", both));
    rows.add(agreement("sessions disrupted by A only", onlyA));
    rows.add(agreement("sessions disrupted by B only", onlyB));
    if (r.labelled()) {
      Labelled la = r.championLabelled();
      Labelled lb = r.challengerLabelled();
      rows.add(
          ComparisonTable.rate(
              "labelled",
              "compromised (" + la.compromised() + ") acted on",
              la.compromisedActedOn(),
              lb.compromisedActedOn(),
              la.compromised()));
      rows.add(
          ComparisonTable.count(
              "labelled",
              "benign (" + la.benign() + ") killed",
              la.benignKilled(),
              lb.benignKilled()));
      rows.add(
          ComparisonTable.count(
              "labelled",
              "benign (" + la.benign() + ") stepped up or held",
              la.benignSteppedUpOrHeld(),
              lb.benignSteppedUpOrHeld()));
      rows.add(
          number(
              "ECE of session max P (10 equal-width bins)",
              la.calibrationError(),
              lb.calibrationError()));
      rows.add(
          number(
              "ROC AUC (session max P vs compromised)",
              la.ranking().rocAuc(),
              lb.ranking().rocAuc()));
      rows.add(number("PR AUC (same)", la.ranking().prAuc(), lb.ranking().prAuc()));
    }
    return rows;
  }

  public static String render(LiveComparison.Result r) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "A = champion (active, %s), B = challenger (shadow, %s); %,d sessions in the audit%s.%n",
            String.join(", ", new java.util.TreeSet<>(r.champion().versions())),
            String.join(", ", new java.util.TreeSet<>(r.challenger().versions())),
            r.sessions().size(),
            r.labelled() ? ", " + r.labels() + " labels" : ", no labels"));
    out.append(
        "From the live run's audit records: max P is the largest audited probability, actions"
            + " come from the records' command ids (B's would have been issued); disrupted ="
            + " stepped up, held or killed.\n");
    out.append(ComparisonTable.text(rows(r)));
    if (!r.disagreeing().isEmpty()) {
      out.append("sessions whose actions differ (A | B):\n");
      for (String s : r.disagreeing().subList(0, Math.min(LISTED, r.disagreeing().size()))) {
        out.append(
            String.format(
                Locale.ROOT,
                "  %-40s %s max P %.4f | %s max P %.4f%n",
                s,
                actions(r.champion().view(s)),
                r.champion().view(s).maxProbability(),
                actions(r.challenger().view(s)),
                r.challenger().view(s).maxProbability()));
      }
      if (r.disagreeing().size() > LISTED) {
        out.append("  ... (").append(r.disagreeing().size() - LISTED).append(" more)\n");
      }
    }
    if (r.unmatchedLabels() != null) {
      out.append(r.unmatchedLabels()).append(" in the audit records; left out\n");
    }
    return out.toString();
  }

  public static String csv(LiveComparison.Result r) {
    return ComparisonTable.csv(rows(r));
  }

  /** The rows, and per session each model's max P, actions and records. */
  public static String json(LiveComparison.Result r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("championVersions", new java.util.TreeSet<>(r.champion().versions()));
    doc.put("challengerVersions", new java.util.TreeSet<>(r.challenger().versions()));
    doc.put("rows", rows(r));
    doc.put("disagreeing", r.disagreeing());
    Map<String, Object> sessions = new LinkedHashMap<>();
    for (String s : r.sessions()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("champion", view(r.champion().sessions().get(s)));
      one.put("challenger", view(r.challenger().sessions().get(s)));
      sessions.put(s, one);
    }
    doc.put("sessions", sessions);
    try {
      return JSON.writeValueAsString(doc) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> view(SessionView v) {
    if (v == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("maxProbability", v.maxProbability());
    m.put("actions", new java.util.TreeSet<>(v.actions()));
    m.put("records", v.records());
    return m;
  }

  private static String actions(SessionView v) {
    return v.actions().isEmpty() ? "none" : String.join("+", new java.util.TreeSet<>(v.actions()));
  }

  private static Double mean(Side side, LiveComparison.Result r) {
    if (side.sessions().isEmpty()) {
      return null;
    }
    return side.sessions().values().stream()
        .mapToDouble(SessionView::maxProbability)
        .average()
        .orElseThrow();
  }

  private static Row agreement(String metric, int n) {
    return new Row("agreement", metric, Kind.COUNT, (double) n, null);
  }

  private static Row number(String metric, double a, double b) {
    return new Row(
        "labelled", metric, Kind.NUMBER, Double.isNaN(a) ? null : a, Double.isNaN(b) ? null : b);
  }
}
