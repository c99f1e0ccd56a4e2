package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.Events;
import dev.vigil.job.config.JobConfig;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, rescaling: the job runs at parallelism 2 until a stolen session of one of four accounts
 * is killed, stops with a savepoint, is restored at parallelism 3, stops with a savepoint again and
 * is restored at parallelism 1. Keyed state moves by key group (the max parallelism is fixed at
 * 128, {@code max-parallelism}); the population statistics are union state (see {@code
 * SessionRiskFunction#priorState}, proven in {@code PopulationPriorRestoreTest}). After each
 * restore:
 *
 * <ul>
 *   <li>the stolen session, used again, is killed again as a killed session in use;
 *   <li>each of the four owners, back at home, is scored with the profile it learned before the
 *       first savepoint (the home network is familiar: a negative {@code new_network} term);
 * </ul>
 *
 * and at the end the audit topic, read with {@code read_committed}, holds no decision twice and
 * {@code vigil audit verify --from-genesis} finds every chain intact across both rescalings. Every
 * wait is on the records it needs (bounded by {@link FaultWaits#BOUND}). About 40 s on the shared
 * 2-core build machine.
 */
class RescaleRestoreIT extends RiskJobITSupport {
  private static final int ACCOUNTS = 4;

  @Test
  void restoredAtThreeThenAtOneSubtaskTheKilledSessionStaysKilledAndProfilesAreKept(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    // A reader without a partition (parallelism 2 or 3 on one partition) is idle after 1 s.
    JobConfig cfg =
        config(
            "rs",
            "risk.audit-min-probability-change=0",
            "caep.enabled=false",
            "ingest.idle-timeout=1s");
    List<Outgoing> history = new ArrayList<>();
    long t = Events.T0;
    for (int d = 0; d < 30; d++) {
      for (int a = 1; a <= ACCOUNTS; a++) {
        for (int i = 0; i < 5; i++) {
          t = Events.T0 + d * 86_400_000L + 9 * 3_600_000L + a * 600_000L + i * 20_000L;
          history.add(
              avro(
                  Events.owner("owner-" + a + "-" + d, t)
                      .setAccountId("acct-" + a)
                      .setPath(i % 2 == 0 ? "/api/v1/balance" : "/api/v1/orders")
                      .build()));
        }
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
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), "rs.access-events", history);
    FaultWaits waits = new FaultWaits(KAFKA.clientProperties());

    JobID job = SavepointRestoreIT.submit(cluster, cfg, null, 2);
    waits.until(
        "the stolen session killed at parallelism 2",
        () -> SavepointRestoreIT.kills("rs", "stolen") > 0,
        () -> outputs("rs"));
    String savepoint = stop(cluster, job, "p2");
    StringBuilder figures = new StringBuilder("rescaling: killed at parallelism 2");
    long back = attack + 600_000;
    for (int parallelism : new int[] {3, 1}) {
      int killsBefore = SavepointRestoreIT.kills("rs", "stolen");
      List<Outgoing> later = new ArrayList<>();
      later.add(avro(Events.attacker("stolen", back).build()));
      for (int a = 1; a <= ACCOUNTS; a++) {
        later.add(
            avro(
                Events.owner(backHome(a, back), back + a * 10_000L)
                    .setAccountId("acct-" + a)
                    .setPath("/api/v1/balance")
                    .build()));
      }
      KafkaTestSupport.sendAll(KAFKA.clientProperties(), "rs.access-events", later);
      job = SavepointRestoreIT.submit(cluster, cfg, savepoint, parallelism);
      long at = back;
      waits.until(
          "the stolen session killed again and every owner back scored at parallelism "
              + parallelism,
          () ->
              SavepointRestoreIT.kills("rs", "stolen") > killsBefore
                  && ownersBack(at).size() == ACCOUNTS,
          () -> outputs("rs"));
      SessionCommand again =
          commands("rs").stream()
              .filter(c -> c.getTriggerEventId().equals("stolen-" + at))
              .findFirst()
              .orElseThrow();
      assertThat(again.getAction()).isEqualTo(CommandAction.KILL);
      assertThat(again.getReasons().get(0).getCode()).isEqualTo("killed_session_in_use");
      for (RiskDecision d : ownersBack(back)) {
        // The learned profile moved with its key group: the home network counts for the owner.
        assertThat(d.getEvidence())
            .as("%s at parallelism %d", d.getAccountId(), parallelism)
            .filteredOn(r -> r.getCode().equals("new_network"))
            .allMatch(r -> r.getLogLikelihoodRatio() < 0);
        assertThat(d.getProbability()).as(d.getAccountId()).isLessThan(0.001);
      }
      figures.append(", restored at ").append(parallelism).append(": killed again, ");
      figures.append(ACCOUNTS).append(" profiles known");
      savepoint = stop(cluster, job, "p" + parallelism);
      back += 3_600_000L;
    }
    waits.until("the audit committed", () -> waits.committed("rs.risk-decisions"), () -> "");
    List<RiskDecision> audit = decisions("rs");
    String verified = FaultWaits.verifyAudit(KAFKA.bootstrapServers(), "rs.risk-decisions");
    System.out.println(figures + "; " + audit.size() + " audit records; " + verified.strip());
    assertThat(FaultWaits.byDecisionId(audit)).as("no decision twice").hasSameSizeAs(audit);
    assertThat(verified).startsWith("exit 0").contains("intact");
  }

  private static String backHome(int account, long back) {
    return "back-" + account + "-" + back;
  }

  /** The decisions on the owners' sessions back home at {@code back}. */
  private static List<RiskDecision> ownersBack(long back) {
    List<RiskDecision> out = new ArrayList<>();
    for (int a = 1; a <= ACCOUNTS; a++) {
      String session = backHome(a, back);
      decisions("rs").stream()
          .filter(d -> d.getSessionId().equals(session))
          .findFirst()
          .ifPresent(out::add);
    }
    return out;
  }

  private static String stop(MiniCluster cluster, JobID job, String name) throws Exception {
    return cluster
        .stopWithSavepoint(
            job, dir.resolve("rs-" + name).toUri().toString(), false, SavepointFormatType.CANONICAL)
        .get(2, TimeUnit.MINUTES);
  }
}
