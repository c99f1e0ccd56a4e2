package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.Pseudonymiser;
import dev.vigil.cli.VigilCli;
import dev.vigil.core.engine.Events;
import dev.vigil.job.config.JobConfig;
import dev.vigil.schema.PlainJson;
import dev.vigil.schema.RiskDecision;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The tamper-evident audit trail end to end, on the real broker and a MiniCluster: the job writes
 * chained decisions to a three-partition topic, is stopped with a savepoint and restored, goes on
 * writing; {@code vigil audit verify} finds the topic intact from sequence 0 (so the restored job
 * continued every chain), {@code vigil audit export} writes the whole trail and a period, and
 * tampered copies of the export fail naming the break. The job pseudonymises ({@code
 * audit.pseudonymise}): no record holds the owners' account, session or event ids, and the chain
 * over the pseudonymised records verifies all the same.
 */
class AuditChainIT extends RiskJobITSupport {
  private static final String TOPIC = "ac.audit3";

  @Test
  void theJobsChainsSurviveARestoreVerifyAndTamperingWithAnExportIsFound(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    Path pseudonymKey =
        privateFile("pseudonym-key", Base64.getEncoder().encodeToString(new byte[48]));
    JobConfig cfg =
        config(
            "ac",
            "risk.audit-min-probability-change=0",
            "topics.risk-decisions=" + TOPIC,
            "audit.pseudonymise=true",
            "audit.pseudonym-key-file=" + pseudonymKey);
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      admin
          .createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      dev.vigil.kafka.TopicAdmin.awaitLeaders(admin, List.of(TOPIC));
    }
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), "ac.access-events", traffic(0, 30, 8));
    JobID first = SavepointRestoreIT.submit(cluster, cfg, null);
    awaitSettled();
    String savepoint =
        cluster
            .stopWithSavepoint(
                first,
                dir.resolve("ac-savepoints").toUri().toString(),
                false,
                SavepointFormatType.CANONICAL)
            .get(2, TimeUnit.MINUTES);
    int before = read(TOPIC, v -> v).size();
    Instant between = Instant.now();

    KafkaTestSupport.sendAll(KAFKA.clientProperties(), "ac.access-events", traffic(40, 20, 5));
    JobID second = SavepointRestoreIT.submit(cluster, cfg, savepoint);
    try {
      awaitSettled();
    } finally {
      cluster.cancelJob(second).get(60, TimeUnit.SECONDS);
    }
    List<RiskDecision> all = read(TOPIC, v -> decode(() -> RiskDecision.getDecoder().decode(v)));
    System.out.printf(
        "%d audit records: %d before the savepoint, %d after the restore%n",
        all.size(), before, all.size() - before);
    assertThat(all.size()).isGreaterThan(before);
    assertThat(all).allSatisfy(d -> assertThat(d.getChain()).isNotNull());
    Pseudonymiser pseudonyms = Pseudonymiser.fromBase64(Files.readString(pseudonymKey));
    assertThat(all)
        .extracting(RiskDecision::getAccountId)
        .containsOnly(pseudonyms.pseudonym("acct-1"));
    assertThat(all)
        .extracting(PlainJson::toJson)
        .noneMatch(j -> j.contains("owner-") || j.contains("acct-1") || j.contains("81.250.10"));

    String[] verify =
        cli(
            0,
            "audit",
            "verify",
            "--topic",
            TOPIC,
            "-b",
            KAFKA.bootstrapServers(),
            "--from-genesis");
    System.out.println(verify[0]);
    assertThat(verify[0])
        .contains("checked " + all.size() + " records in 3 partitions")
        .contains("intact");

    Path export = dir.resolve("audit-export.jsonl");
    String[] exported =
        cli(
            0,
            "audit",
            "export",
            "--topic",
            TOPIC,
            "-b",
            KAFKA.bootstrapServers(),
            "--from",
            "2000-01-01",
            "--to",
            "2100-01-01",
            "--out",
            export.toString());
    System.out.println(exported[0]);
    assertThat(Files.readAllLines(export)).hasSize(all.size() + 1);
    assertThat(cli(0, "audit", "verify", "--input", export.toString())[0]).contains("intact");

    // A period: only what the restored job wrote, chaining from the heads the savepoint kept.
    Path period = dir.resolve("audit-period.jsonl");
    cli(
        0,
        "audit",
        "export",
        "--topic",
        TOPIC,
        "-b",
        KAFKA.bootstrapServers(),
        "--from",
        between.toString(),
        "--to",
        "2100-01-01",
        "--out",
        period.toString());
    String header = Files.readAllLines(period).get(0);
    System.out.println("period header: " + header);
    assertThat(Files.readAllLines(period)).hasSize(all.size() - before + 1);
    assertThat(AuditTrailJson.minPreviousSequence(header)).isGreaterThanOrEqualTo(0);
    assertThat(cli(0, "audit", "verify", "--input", period.toString())[0]).contains("intact");

    // Tampered copies of the export.
    List<String> lines = Files.readAllLines(export);
    int middle = lines.size() / 2;
    RiskDecision victim = PlainJson.fromJson(lines.get(middle), RiskDecision.class);
    List<String> altered = new ArrayList<>(lines);
    victim.setProbability(victim.getProbability() / 2);
    altered.set(middle, PlainJson.toJson(victim));
    String[] a = tampered("altered", altered);
    assertThat(a[1])
        .contains(
            "partition "
                + victim.getChain().getPartition()
                + ", line "
                + (middle + 1)
                + " (sequence "
                + victim.getChain().getSequence()
                + "): altered");

    List<String> removed = new ArrayList<>(lines);
    removed.remove(middle);
    assertThat(tampered("removed", removed)[1])
        .contains(": removed: sequence " + victim.getChain().getSequence() + " is missing");

    List<String> truncated = new ArrayList<>(lines.subList(0, lines.size() - 1));
    assertThat(tampered("truncated", truncated)[1]).contains("removed").contains("cut off");
  }

  /**
   * Writes {@code lines} to a copy of the export and verifies it: exit 3, one line naming the
   * break.
   */
  private static String[] tampered(String name, List<String> lines) throws Exception {
    Path copy = dir.resolve("audit-export-" + name + ".jsonl");
    Files.write(copy, lines);
    String[] r = cli(3, "audit", "verify", "--input", copy.toString());
    System.out.println(name + ": " + r[1].strip());
    assertThat(r[1].strip().lines()).hasSize(1);
    return r;
  }

  /** {@code sessions} owners, {@code perSession} requests each, from day {@code day0}. */
  private static List<Outgoing> traffic(int day0, int sessions, int perSession) throws Exception {
    List<Outgoing> out = new ArrayList<>();
    for (int d = 0; d < sessions; d++) {
      for (int i = 0; i < perSession; i++) {
        long t = Events.T0 + (day0 + d) * 86_400_000L + 9 * 3_600_000L + i * 20_000L;
        out.add(
            avro(
                Events.owner("owner-" + (day0 + d), t)
                    .setPath(i % 2 == 0 ? "/api/v1/balance" : "/api/v1/orders")
                    .build()));
      }
    }
    return out;
  }

  /**
   * Until the job has read all its input and checkpointed after it ({@link #consumed}), and every
   * audit transaction holding records is committed: each partition's last stable offset (what a
   * read_committed reader sees) has reached its high watermark.
   */
  private static void awaitSettled() {
    Awaitility.await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> consumed("ac", "ac.access-events") && committed(TOPIC));
  }

  private static boolean committed(String topic) throws Exception {
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < 3; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      var stable =
          admin
              .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
              .all()
              .get(30, TimeUnit.SECONDS);
      var high =
          admin
              .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
              .all()
              .get(30, TimeUnit.SECONDS);
      long total = 0;
      for (TopicPartition tp : latest.keySet()) {
        if (stable.get(tp).offset() != high.get(tp).offset()) {
          return false;
        }
        total += high.get(tp).offset();
      }
      return total > 0;
    }
  }

  private static String[] cli(int expectedExit, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = VigilCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertThat(code).as(String.join(" ", args) + ": " + out + err).isEqualTo(expectedExit);
    return new String[] {out.toString(), err.toString()};
  }

  /** Reads the export header's anchors. */
  private static final class AuditTrailJson {
    static long minPreviousSequence(String header) throws Exception {
      long min = Long.MAX_VALUE;
      for (var p : JSON.readTree(header).path("partitions")) {
        min = Math.min(min, p.path("previousSequence").asLong());
      }
      return min;
    }
  }
}
