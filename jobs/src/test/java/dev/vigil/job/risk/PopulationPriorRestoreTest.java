package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.Events;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The exchange-wide population statistics travel with the checkpoint: a newcomer's first request,
 * from a network that forty other accounts already use, is scored the same by the operator that saw
 * them and by one restored from its snapshot, and differently by one that starts empty (before this
 * state existed, a restore scored it like the empty one: TaskManagerLossIT and KafkaOutageIT saw
 * such decisions differ from the uninterrupted run's).
 */
class PopulationPriorRestoreTest {
  private static final long T = Events.T0;

  /** A request from the network and app that forty accounts share. */
  private static AccessEvent fromTheCommonNetwork(String account, long t) {
    return Events.owner("s-" + account, t)
        .setAccountId(account)
        .setEventId(account + "-" + t)
        .setSourceIp("90.12.4.7")
        .setAsNumber(12322L)
        .setAsOrganization("Free SAS")
        .setUserAgent("CommonApp/4.2 (iPhone; iOS 17.5)")
        .build();
  }

  /**
   * The newcomer's second request: its first came from its own home network, this one from the
   * common network and app, new to the account but familiar to the exchange.
   */
  private static AccessEvent newcomer(String account) {
    return fromTheCommonNetwork(account, T + RiskHarness.HOUR);
  }

  private static AccessEvent newcomersFirst(String account) {
    return Events.owner("s-" + account, T + RiskHarness.HOUR - 60_000)
        .setAccountId(account)
        .setEventId(account + "-first")
        .build();
  }

  @Test
  void aRestoredOperatorScoresANewcomerAsTheUninterruptedOneDoes() throws Exception {
    OperatorSubtaskState snapshot;
    double uninterrupted;
    try (var h = harness()) {
      h.open();
      for (int i = 0; i < 40; i++) {
        for (int r = 0; r < 5; r++) { // an account adopts a network after a few requests on it
          RiskHarness.process(h, fromTheCommonNetwork("acct-" + i, T + i * 10_000L + r * 1_000L));
        }
      }
      snapshot = h.snapshot(1, T + 600_000);
      uninterrupted = scoreNewcomer(h);
    }
    double restored;
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      restored = scoreNewcomer(h);
    }
    double empty;
    try (var h = harness()) {
      h.open();
      empty = scoreNewcomer(h);
    }
    System.out.printf(
        "newcomer's P: uninterrupted %.6g, restored %.6g, empty statistics %.6g%n",
        uninterrupted, restored, empty);
    assertThat(restored).isEqualTo(uninterrupted);
    assertThat(empty).as("the statistics matter to this request").isNotEqualTo(uninterrupted);
  }

  /**
   * Rescaling: the statistics are union state, and a subtask restored at another parallelism takes
   * those of old subtask {@code index mod old parallelism}. Of two subtasks, the first learned the
   * common network, the second nothing; restored at parallelism 1 the one subtask scores a newcomer
   * as the first did, and at parallelism 3 the third (a new subtask) does too instead of starting
   * empty, while the second keeps the second's empty statistics.
   */
  @Test
  void restoredAtAnotherParallelismASubtaskTakesTheStatisticsOfOldSubtaskIndexModOld()
      throws Exception {
    OperatorSubtaskState first;
    OperatorSubtaskState second;
    double learned;
    try (var h = harness(2, 0)) {
      h.open();
      for (int i = 0; i < 40; i++) {
        String account = account("acct-" + i + "-", 2, 0);
        for (int r = 0; r < 5; r++) {
          RiskHarness.process(h, fromTheCommonNetwork(account, T + i * 10_000L + r * 1_000L));
        }
      }
      first = h.snapshot(1, T + 600_000);
      learned = scoreNewcomer(h, account("newcomer-", 2, 0));
    }
    try (var h = harness(2, 1)) {
      h.open();
      second = h.snapshot(1, T + 600_000);
    }
    OperatorSubtaskState both = AbstractStreamOperatorTestHarness.repackageState(first, second);
    double empty;
    try (var h = harness(1, 0)) {
      h.open();
      empty = scoreNewcomer(h);
    }
    double[][] restored = new double[4][];
    for (int p : new int[] {1, 3}) {
      restored[p] = new double[p];
      for (int i = 0; i < p; i++) {
        try (var h = harness(p, i)) {
          h.initializeState(
              AbstractStreamOperatorTestHarness.repartitionOperatorState(both, 128, 2, p, i));
          h.open();
          restored[p][i] = scoreNewcomer(h, account("newcomer-", p, i));
        }
      }
    }
    System.out.printf(
        "newcomer's P, statistics of 2 subtasks (learned %.6g, empty %.6g) restored at 1: %s,"
            + " at 3: %s%n",
        learned,
        empty,
        java.util.Arrays.toString(restored[1]),
        java.util.Arrays.toString(restored[3]));
    assertThat(learned).isNotEqualTo(empty);
    assertThat(restored[1]).containsExactly(learned);
    assertThat(restored[3]).containsExactly(learned, empty, learned);
  }

  /** The first account named {@code prefix + n} whose key falls on {@code subtask} of {@code p}. */
  private static String account(String prefix, int p, int subtask) {
    for (int n = 0; ; n++) {
      String name = prefix + n;
      if (KeyGroupRangeAssignment.assignKeyToParallelOperator(name, 128, p) == subtask) {
        return name;
      }
    }
  }

  /** Not yet opened, unlike the harnesses of ProcessFunctionTestHarnesses: it can be restored. */
  private static KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand>
      harness() throws Exception {
    return harness(1, 0);
  }

  private static KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand>
      harness(int parallelism, int subtask) throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(function(), List.of(SessionRiskFunction.MODELS)),
        RiskInput::accountId,
        Types.STRING,
        128,
        parallelism,
        subtask);
  }

  private static SessionRiskFunction function() throws java.io.IOException {
    return new SessionRiskFunction(
        RiskHarness.settings().withAuditMinProbabilityChange(0),
        SessionRiskFunctionTest.defaultModelJson());
  }

  private static double scoreNewcomer(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h)
      throws Exception {
    return scoreNewcomer(h, "newcomer");
  }

  private static double scoreNewcomer(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h,
      String account)
      throws Exception {
    RiskHarness.process(h, newcomersFirst(account));
    int before = decisions(h).size();
    RiskHarness.process(h, newcomer(account));
    List<RiskDecision> all = decisions(h);
    assertThat(all).hasSizeGreaterThan(before);
    return all.get(all.size() - 1).getProbability();
  }

  private static List<RiskDecision> decisions(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h) {
    var q = h.getSideOutput(SessionRiskFunction.DECISIONS);
    return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
  }
}
