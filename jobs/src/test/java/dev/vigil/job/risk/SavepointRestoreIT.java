package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.engine.Events;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import dev.vigil.testing.CaepAssertions;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.junit.jupiter.api.Test;

/** Stop with savepoint and restore: killed sessions and learned profiles survive. */
class SavepointRestoreIT extends RiskJobITSupport {
  @Test
  void afterStopWithSavepointAndRestoreAKilledSessionStaysKilledAndTheProfileIsKnown(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    JobConfig cfg = config("s3", "risk.audit-min-probability-change=0");
    List<Outgoing> history = new ArrayList<>();
    long t = Events.T0;
    for (int d = 0; d < 30; d++) {
      for (int i = 0; i < 10; i++) {
        t = Events.T0 + d * 86_400_000L + 9 * 3_600_000L + i * 20_000L;
        history.add(
            avro(
                Events.owner("owner-" + d, t)
                    .setPath(i % 2 == 0 ? "/api/v1/balance" : "/api/v1/orders")
                    .build()));
      }
    }
    long attack = t + 86_400_000L;
    history.add(avro(Events.attacker("stolen", attack).setPath("/api/v1/balance").build()));
    history.add(
        avro(
            Events.attacker("stolen", attack + 5_000)
                .setMethod("POST")
                .setPath("/api/v1/withdraw")
                .setWithdrawalAddress("bc1qattacker")
                .build()));
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), "s3.access-events", history);

    JobID first = submit(cluster, cfg, null);
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                commands("s3").stream()
                    .anyMatch(
                        c ->
                            c.getSessionId().equals("stolen")
                                && c.getAction() == CommandAction.KILL));
    List<String> caep = read("s3.caep", v -> new String(v, StandardCharsets.US_ASCII));
    JsonNode revoked =
        caep.stream()
            .map(CaepAssertions::claimsOf)
            .filter(c -> c.get("events").has(CaepAssertions.CAEP + "session-revoked"))
            .findFirst()
            .orElseThrow();
    CaepAssertions.assertValidSet(revoked);
    assertThat(revoked.get("sub_id").get("session").get("id").asText()).isEqualTo("stolen");

    String savepoint =
        cluster
            .stopWithSavepoint(
                first,
                dir.resolve("savepoints").toUri().toString(),
                false,
                SavepointFormatType.CANONICAL)
            .get(2, TimeUnit.MINUTES);
    int killsBefore = kills("s3", "stolen");

    // After the restart: the stolen token used again once the kill expired, and the owner at home.
    KafkaTestSupport.sendAll(
        KAFKA.clientProperties(),
        "s3.access-events",
        List.of(
            avro(Events.attacker("stolen", attack + 600_000).build()),
            avro(Events.owner("owner-back", attack + 700_000).setPath("/api/v1/balance").build())));
    JobID second = submit(cluster, cfg, savepoint);
    try {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  kills("s3", "stolen") > killsBefore
                      && decisions("s3").stream()
                          .anyMatch(d -> d.getSessionId().equals("owner-back")));
    } finally {
      cluster.cancelJob(second).get(60, TimeUnit.SECONDS);
    }
    SessionCommand again =
        commands("s3").stream()
            .filter(
                c ->
                    c.getSessionId().equals("stolen")
                        && c.getTriggerEventId().equals("stolen-" + (attack + 600_000)))
            .findFirst()
            .orElseThrow();
    assertThat(again.getAction()).isEqualTo(CommandAction.KILL);
    assertThat(again.getReasons().get(0).getCode()).isEqualTo("killed_session_in_use");
    RiskDecision ownerBack =
        decisions("s3").stream()
            .filter(d -> d.getSessionId().equals("owner-back"))
            .findFirst()
            .orElseThrow();
    // The learned profile survived: the home network counts for the owner (a negative term),
    // where a fresh profile would find it new (a positive one, as for a first session).
    assertThat(ownerBack.getEvidence())
        .filteredOn(r -> r.getCode().equals("new_network"))
        .allMatch(r -> r.getLogLikelihoodRatio() < 0);
    assertThat(ownerBack.getProbability()).isLessThan(0.001);
  }

  static int kills(String prefix, String session) {
    return (int)
        commands(prefix).stream()
            .filter(c -> c.getSessionId().equals(session) && c.getAction() == CommandAction.KILL)
            .count();
  }

  static JobID submit(MiniCluster cluster, JobConfig cfg, String savepoint) throws Exception {
    return submit(cluster, cfg, savepoint, 1);
  }

  static JobID submit(MiniCluster cluster, JobConfig cfg, String savepoint, int parallelism)
      throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobSettings.flink(cfg));
    env.setParallelism(parallelism);
    env.getConfig().enableObjectReuse();
    RiskPipeline.build(env, KAFKA.clientProperties(), cfg);
    StreamGraph graph = env.getStreamGraph();
    if (savepoint != null) {
      graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
    }
    return cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
  }
}
