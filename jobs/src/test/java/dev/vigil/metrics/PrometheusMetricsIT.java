package dev.vigil.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.demo.DemoTraffic;
import dev.vigil.demo.HostileRecords;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.job.risk.RiskJob;
import dev.vigil.job.risk.RiskPipeline;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.runtime.LocalFlink;
import dev.vigil.runtime.PrometheusReporting;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetterReason;
import dev.vigil.testing.KafkaExtension;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session risk job on a local Flink cluster with Flink's Prometheus reporter turned on the way
 * an operator does it ({@code --set metrics.reporter.prom...}, passed through {@link JobConfig}),
 * scraped over HTTP: the Vigil metrics are there with the values the traffic sent implies, and
 * every query of the Grafana dashboard in {@code docker/} names a metric this scrape holds. The
 * scrape's metric names are written to {@code target/prometheus-metrics.txt} for reference.
 */
class PrometheusMetricsIT {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  static final String OPERATOR = "flink_taskmanager_job_task_operator_";
  static final String RISK = OPERATOR + "vigil_risk_";

  @TempDir Path dir;

  @Test
  void scrapedMetricsCountWhatWasSentAndCoverTheDashboard() throws Exception {
    long now = System.currentTimeMillis();
    DemoTraffic traffic = new DemoTraffic(7, 40);
    List<Outgoing> lines = new ArrayList<>();
    Set<String> accounts = new HashSet<>();
    Set<String> sessions = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      DemoTraffic.Line line = traffic.next(now, now);
      lines.add(new Outgoing(line.json(), now));
      AccessEvent e = line.expected();
      accounts.add(e.getAccountId());
      sessions.add(e.getSessionId());
    }
    int valid = lines.size();
    List<HostileRecords.Sample> hostile = HostileRecords.all(now);
    hostile.forEach(s -> lines.add(new Outgoing(s.raw(), now)));
    Map<DeadLetterReason, Long> expectedReasons =
        hostile.stream()
            .collect(Collectors.groupingBy(HostileRecords.Sample::expected, Collectors.counting()));

    int port = PrometheusReporting.freePort();
    List<String> sets = new ArrayList<>(settings());
    PrometheusReporting.settings(Integer.toString(port)).forEach((k, v) -> sets.add(k + "=" + v));
    JobConfig cfg = JobConfig.load(null, sets);
    URI url = PrometheusReporting.url(port);

    AtomicReference<PrometheusScrape> last = new AtomicReference<>();
    try (LocalFlink flink =
        LocalFlink.start(
            2, "0", dir.resolve("flink"), Configuration.fromMap(cfg.flinkSettings()))) {
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.getExecutionEnvironment(JobSettings.flink(cfg));
      env.setParallelism(2);
      RiskPipeline.build(env, KAFKA.clientProperties(), cfg);
      JobID job = flink.submit(env, RiskJob.NAME);
      KafkaTestSupport.sendAll(KAFKA.clientProperties(), VigilTopic.ACCESS_LOGS.topicName(), lines);

      // Completion signal: the scraped counters reach what was sent and stay; a job that ends
      // instead fails the test at once.
      Awaitility.await("the reporter to count every record sent")
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptionsInstanceOf(IOException.class)
          .until(
              () -> {
                var status = flink.status(job);
                if (status.isGloballyTerminalState()) {
                  throw new AssertionError("the job ended " + status + " before counting it all");
                }
                PrometheusScrape s = PrometheusScrape.of(url);
                PrometheusScrape previous = last.getAndSet(s);
                // A scrape reads the counters one after another while the job runs, so the
                // counts are final once all are in and a second scrape finds them unchanged.
                return s.sumOfNamesEndingWith("_vigil_ingest_read") >= lines.size()
                    && s.sum(RISK + "events") >= valid
                    && previous != null
                    && previous
                        .values(PrometheusMetricsIT::counted)
                        .equals(s.values(PrometheusMetricsIT::counted));
              });
      flink.cancel(job);
    }
    PrometheusScrape s = last.get();
    Files.write(Path.of("target", "prometheus-metrics.txt"), s.names());

    assertThat(s.sum(ingest(s, "read"))).isEqualTo(lines.size());
    assertThat(s.sum(ingest(s, "valid"))).isEqualTo(valid);
    assertThat(s.sum(ingest(s, "deadLettered"))).isEqualTo(hostile.size());
    String byReason = ingest(s, "reason_deadLettered");
    for (DeadLetterReason r : DeadLetterReason.values()) {
      assertThat(s.sum(byReason, "reason", r.name().toLowerCase(Locale.ROOT)))
          .as("dead letters for " + r)
          .isEqualTo(expectedReasons.getOrDefault(r, 0L).doubleValue());
    }
    assertThat(s.sum(RISK + "events")).isEqualTo(valid);
    // risk.audit-min-probability-change=0: one audit record per event, each under one action.
    assertThat(s.sum(RISK + "action_decisions")).isEqualTo(valid);
    assertThat(s.sum(RISK + "action_decisions", "action", "none"))
        .isEqualTo(valid - s.sum(RISK + "action_decisions", l -> !"none".equals(l.get("action"))));
    assertThat(s.sum(RISK + "band_scored")).isEqualTo(valid);
    assertThat(s.sum(RISK + "accountsInState")).isEqualTo(accounts.size());
    assertThat(s.sum(RISK + "sessionsInState")).isEqualTo(sessions.size());
    assertThat(s.sum(RISK + "probabilityPpm_count")).isEqualTo(valid);
    assertThat(s.find(RISK + "probabilityPpm", l -> l.containsKey("quantile")))
        .isNotEmpty()
        .allSatisfy(q -> assertThat(q.value()).isBetween(0.0, 1_000_000.0));
    assertThat(s.sum(RISK + "scoringNanos_count")).isPositive();
    assertThat(s.find(RISK + "scoringNanos", l -> "0.5".equals(l.get("quantile"))))
        .allSatisfy(q -> assertThat(q.value()).isPositive());
    // The reporter turns what Prometheus does not need into '_' (its filterLabelValueCharacters).
    String version =
        RiskModelLoader.parse(JobSettings.initialModel(cfg))
            .modelVersion
            .replaceAll("[^a-zA-Z0-9:_]", "_");
    assertThat(
            s.sum(
                RISK + "model_version_inForce",
                l -> "active".equals(l.get("model")) && version.equals(l.get("version"))))
        .as("the default model in force on both subtasks")
        .isEqualTo(2);
    assertThat(s.find(RISK + "eventTimeLagMillis", l -> true))
        .hasSize(2)
        .allSatisfy(g -> assertThat(g.value()).isGreaterThanOrEqualTo(0));

    DashboardQueries.assertEveryQueryNamesAnExportedMetric(s.names());
  }

  /** Vigil's metrics that stop changing when the input is all processed (not the wall clock). */
  private static boolean counted(String name) {
    return name.contains("_vigil_") && !name.endsWith("eventTimeLagMillis");
  }

  /**
   * The one exported name of the ingest counter {@code suffix} (its scope is Flink's to choose).
   */
  private static String ingest(PrometheusScrape s, String suffix) {
    List<String> names =
        s.names().stream().filter(n -> n.endsWith("_vigil_ingest_" + suffix)).toList();
    assertThat(names).as("exported names ending in vigil_ingest_" + suffix).hasSize(1);
    return names.get(0);
  }

  private List<String> settings() throws IOException {
    Path keys = dir.resolve("command-keys");
    Files.writeString(
        keys,
        "k1:" + Base64.getEncoder().encodeToString("an-it-command-key-of-32-bytes-ok".getBytes()));
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
    return List.of(
        "inputs.avro=false",
        "parallelism=2",
        "checkpoint.interval=1s",
        "kafka.group-id=metrics-it",
        "risk.audit-min-probability-change=0",
        "commands.key-file=" + keys);
  }
}
