package dev.vigil.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL queries of the Grafana dashboard in {@code docker/grafana/dashboards/} ({@code expr}
 * of every panel target, Grafana's dashboard JSON model) and the metric names they use: every name
 * in them starts with {@code flink_}, as Flink's Prometheus reporter names every metric.
 */
final class DashboardQueries {
  static final Path DASHBOARD = Path.of("..", "docker", "grafana", "dashboards", "vigil.json");

  private static final Pattern METRIC = Pattern.compile("\\bflink_[a-zA-Z0-9_:]+");

  private DashboardQueries() {}

  /** Every {@code expr} in the dashboard, panels in rows included. */
  static List<String> queries(Path dashboard) {
    try {
      List<String> exprs = new ArrayList<>();
      collect(new ObjectMapper().readTree(dashboard.toFile()), exprs);
      return exprs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void collect(JsonNode node, List<String> exprs) {
    if (node.isObject()) {
      JsonNode expr = node.get("expr");
      if (expr != null && expr.isTextual()) {
        exprs.add(expr.asText());
      }
      node.forEach(child -> collect(child, exprs));
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, exprs));
    }
  }

  /** The metric names one query uses. */
  static Set<String> metrics(String query) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(query);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  /** Fails naming each query that uses a metric not in {@code exported}, or no metric at all. */
  static void assertEveryQueryNamesAnExportedMetric(Set<String> exported) {
    assertEveryQueryNamesAnExportedMetric(DASHBOARD, exported);
  }

  static void assertEveryQueryNamesAnExportedMetric(Path dashboard, Set<String> exported) {
    List<String> queries = queries(dashboard);
    assertThat(queries).as("queries in " + dashboard).isNotEmpty();
    for (String q : queries) {
      Set<String> used = metrics(q);
      assertThat(used).as("metrics named by the query " + q).isNotEmpty();
      assertThat(exported).as("exported metrics, for the query " + q).containsAll(used);
    }
  }
}
