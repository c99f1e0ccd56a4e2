package dev.vigil.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The side-by-side table of a {@link ModelComparison}: one row a metric, columns A, B and B - A, as
 * text for the terminal, CSV and JSON (the JSON also holds both outcomes in full).
 */
public final class ComparisonTable {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String LINE = "%-52s %12s %12s %12s%n";

  /** How a row's values are written. */
  public enum Kind {
    COUNT,
    RATE,
    MEDIAN,
    NUMBER
  }

  /**
   * One metric of both models; a value is null where it does not exist (no session was acted on).
   */
  public record Row(String section, String metric, Kind kind, Double a, Double b) {
    public Double delta() {
      return a == null || b == null ? null : b - a;
    }
  }

  private ComparisonTable() {}

  public static List<Row> rows(ModelComparison.Result r) {
    ModelOutcome a = r.a();
    ModelOutcome b = r.b();
    List<Row> rows = new ArrayList<>();
    int compromised = 0;
    int aInTime = 0;
    int bInTime = 0;
    for (int i = 0; i < a.scenarios().size(); i++) {
      ModelOutcome.ScenarioOutcome sa = a.scenarios().get(i);
      ModelOutcome.ScenarioOutcome sb = b.scenarios().get(i);
      String s = sa.scenario() + " (" + sa.sessions() + ")";
      rows.add(count("takeovers", s + " acted on in time", sa.actedInTime(), sb.actedInTime()));
      rows.add(
          new Row(
              "takeovers",
              s + " median requests to action",
              Kind.MEDIAN,
              sa.requestsToAction().median(),
              sb.requestsToAction().median()));
      rows.add(
          new Row(
              "takeovers",
              s + " median seconds to action",
              Kind.MEDIAN,
              sa.secondsToAction().median(),
              sb.secondsToAction().median()));
      compromised += sa.sessions();
      aInTime += sa.actedInTime();
      bInTime += sb.actedInTime();
    }
    rows.add(
        rate(
            "takeovers",
            "all (" + compromised + ") acted on in time",
            aInTime,
            bInTime,
            compromised));
    for (int i = 0; i < a.populations().size(); i++) {
      ModelOutcome.PopulationOutcome pa = a.populations().get(i);
      ModelOutcome.PopulationOutcome pb = b.populations().get(i);
      String p = pa.population() + " (" + pa.sessions() + ")";
      rows.add(count("benign", p + " killed", pa.killed(), pb.killed()));
      rows.add(
          count("benign", p + " stepped up or held", pa.steppedUpOrHeld(), pb.steppedUpOrHeld()));
    }
    String all = "all (" + a.benign() + ")";
    rows.add(count("benign", all + " killed", a.benignKilled(), b.benignKilled()));
    rows.add(
        rate(
            "benign",
            all + " stepped up or held",
            a.benignSteppedUpOrHeld(),
            b.benignSteppedUpOrHeld(),
            a.benign()));
    String bots = "bot and market-maker (" + a.botSessions() + ")";
    rows.add(count("benign", bots + " killed", a.botKilled(), b.botKilled()));
    rows.add(count("benign", bots + " disrupted", a.botDisrupted(), b.botDisrupted()));
    rows.add(
        new Row(
            "scores",
            "ECE per event (10 equal-width bins, session-weighted)",
            Kind.NUMBER,
            a.calibrationError(),
            b.calibrationError()));
    rows.add(
        auc("ROC AUC (session max P vs compromised)", a.ranking().rocAuc(), b.ranking().rocAuc()));
    int ranked = a.ranking().positives() + a.ranking().negatives();
    rows.add(
        auc(
            ranked == 0
                ? "PR AUC (same)"
                : String.format(
                    Locale.ROOT,
                    "PR AUC (same; chance %.4f)",
                    (double) a.ranking().positives() / ranked),
            a.ranking().prAuc(),
            b.ranking().prAuc()));
    for (Map.Entry<String, Integer> e : a.commandsByAction().entrySet()) {
      rows.add(count("commands", e.getKey(), e.getValue(), b.commandsByAction().get(e.getKey())));
    }
    return rows;
  }

  public static String render(ModelComparison.Result r) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "A = %s (%s), B = %s (%s); %,d labelled sessions, %,d events.%n",
            r.a().model(),
            r.a().modelVersion(),
            r.b().model(),
            r.b().modelVersion(),
            r.labelledSessions(),
            r.a().events()));
    out.append(
        "In time = step-up, withdrawal hold or kill before the attacker's last request; benign"
            + " counts every benign session, warm-up included; disrupted = killed, stepped up"
            + " or held.\n");
    out.append(text(rows(r)));
    return out.toString();
  }

  /** The rows under their section headers, columns A, B and B - A. */
  static String text(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    String section = null;
    for (Row row : rows) {
      if (!row.section().equals(section)) {
        section = row.section();
        out.append(String.format(Locale.ROOT, LINE, section, "A", "B", "B - A"));
      }
      out.append(
          String.format(
              Locale.ROOT,
              LINE,
              "  " + row.metric(),
              format(row.kind(), row.a()),
              format(row.kind(), row.b()),
              delta(row)));
    }
    return out.toString();
  }

  public static String csv(ModelComparison.Result r) {
    return csv(rows(r));
  }

  /** The rows as CSV: section, metric, a, b, delta. */
  static String csv(List<Row> rows) {
    StringBuilder out = new StringBuilder("section,metric,a,b,delta\n");
    for (Row row : rows) {
      out.append(row.section())
          .append(',')
          .append('"')
          .append(row.metric().replace("\"", "\"\""))
          .append('"')
          .append(',')
          .append(plain(row.a()))
          .append(',')
          .append(plain(row.b()))
          .append(',')
          .append(plain(row.delta()))
          .append('\n');
    }
    return out.toString();
  }

  public static String json(ModelComparison.Result r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("labelledSessions", r.labelledSessions());
    doc.put("rows", rows(r));
    doc.put("a", r.a());
    doc.put("b", r.b());
    try {
      return JSON.writeValueAsString(doc) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Row count(String section, String metric, int a, int b) {
    return new Row(section, metric, Kind.COUNT, (double) a, (double) b);
  }

  static Row rate(String section, String metric, int a, int b, int n) {
    return new Row(
        section, metric, Kind.RATE, n == 0 ? null : (double) a / n, n == 0 ? null : (double) b / n);
  }

  private static Row auc(String metric, double a, double b) {
    return new Row(
        "scores", metric, Kind.NUMBER, Double.isNaN(a) ? null : a, Double.isNaN(b) ? null : b);
  }

  private static String format(Kind kind, Double v) {
    if (v == null) {
      return "-";
    }
    return switch (kind) {
      case COUNT -> String.format(Locale.ROOT, "%,d", Math.round(v));
      case RATE -> String.format(Locale.ROOT, "%.2f%%", 100 * v);
      case MEDIAN -> String.format(Locale.ROOT, "%.1f", v);
      case NUMBER -> String.format(Locale.ROOT, "%.4f", v);
    };
  }

  private static String delta(Row row) {
    Double d = row.delta();
    if (d == null) {
      return "-";
    }
    String s = format(row.kind(), d);
    if (row.kind() == Kind.RATE) {
      s = String.format(Locale.ROOT, "%.2f pp", 100 * d);
    }
    return d > 0 ? "+" + s : s;
  }

  private static String plain(Double v) {
    return v == null ? "" : String.format(Locale.ROOT, "%s", v);
  }
}
