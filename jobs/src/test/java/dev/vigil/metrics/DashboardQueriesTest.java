package dev.vigil.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard check reads every query, panels in rows included, and names what is missing. */
class DashboardQueriesTest {

  @Test
  void aQueryOnAMetricTheJobDoesNotExportFailsTheCheckNamingTheQuery(@TempDir Path dir)
      throws Exception {
    Path dashboard = dir.resolve("d.json");
    Files.writeString(
        dashboard,
        """
        {"panels": [
          {"targets": [{"expr": "sum(rate(flink_a_events[1m]))"}]},
          {"type": "row", "panels": [
            {"targets": [{"expr": "max by (quantile) (flink_b_typo{quantile=\\"0.5\\"}) / 1e6"}]}]}
        ]}
        """);

    assertThat(DashboardQueries.queries(dashboard)).hasSize(2);
    assertThat(DashboardQueries.metrics("max by (quantile) (flink_b{quantile=\"0.5\"}) / 1e6"))
        .containsExactly("flink_b");
    DashboardQueries.assertEveryQueryNamesAnExportedMetric(
        dashboard, Set.of("flink_a_events", "flink_b_typo"));
    assertThatThrownBy(
            () ->
                DashboardQueries.assertEveryQueryNamesAnExportedMetric(
                    dashboard, Set.of("flink_a_events", "flink_b")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("flink_b_typo");
  }

  @Test
  void theDashboardInDockerHasQueriesThatEachNameAMetric() {
    assertThat(DashboardQueries.queries(DashboardQueries.DASHBOARD))
        .isNotEmpty()
        .allSatisfy(q -> assertThat(DashboardQueries.metrics(q)).as(q).isNotEmpty());
  }
}
