package dev.vigil.job.risk;

import static dev.vigil.job.risk.RiskHarness.HOUR;
import static dev.vigil.job.risk.RiskHarness.keysWithState;
import static dev.vigil.job.risk.RiskHarness.process;
import static dev.vigil.job.risk.RiskHarness.watermark;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.Events;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.SessionCommand;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The session risk operator's metrics ({@link RiskMetrics}) on Flink's operator test harness: the
 * counts of sessions and accounts in state follow sessions in, expired and evicted, survive a
 * restore, and leave nothing behind once the sessions end; decisions and commands are counted by
 * action as the output shows them.
 */
class RiskMetricsTest {

  @Test
  void stateCountsFollowSessionsInAndOutAndSurviveARestore() throws Exception {
    long t = Events.T0;
    OperatorSubtaskState snapshot;
    SessionRiskFunction fn = function(RiskHarness.settings());
    try (var h = harness(fn)) {
      h.open();
      process(h, Events.owner("s1", t).build());
      process(h, Events.owner("s2", t + 1_000).build());
      process(h, Events.owner("s1", t + 2_000).build());
      process(h, Events.owner("s3", t + 3_000).setAccountId("acct-2").build());
      RiskMetrics m = fn.metrics();
      assertThat(m.events.getCount()).isEqualTo(4);
      assertThat(m.sessionsInState.getCount()).as("three sessions, s1 counted once").isEqualTo(3);
      assertThat(m.accountsInState.getCount()).isEqualTo(2);
      assertThat(m.histogramCounts()[0]).as("a probability per event").isEqualTo(4);
      snapshot = h.snapshot(1, t + 4_000);
    }
    SessionRiskFunction restored = function(RiskHarness.settings());
    try (var h = harness(restored)) {
      h.initializeState(snapshot);
      h.open();
      RiskMetrics m = restored.metrics();
      assertThat(m.sessionsInState.getCount()).as("restored").isEqualTo(3);
      assertThat(m.accountsInState.getCount()).as("restored").isEqualTo(2);

      process(h, Events.owner("s4", t + 5_000).build());
      assertThat(m.sessionsInState.getCount()).isEqualTo(4);
      assertThat(m.accountsInState.getCount()).as("acct-1 is known").isEqualTo(2);

      watermark(h, t + 3 * HOUR);
      assertThat(m.sessionsExpired.getCount()).isEqualTo(4);
      assertThat(m.sessionsInState.getCount()).as("every session ended").isZero();
      assertThat(keysWithState(h, "sessions")).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(m.accountsInState.getCount())
          .as("profiles stay (their TTL is 90 days)")
          .isEqualTo(2);
    }
  }

  @Test
  void evictionAtTheCapTakesSessionsOutOfTheCount() throws Exception {
    int cap = SessionStore.MIN_CAP;
    SessionRiskFunction fn = function(RiskHarness.settings().withMaxSessionsPerAccount(cap));
    try (var h = harness(fn)) {
      h.open();
      for (int i = 0; i < cap + 5; i++) {
        process(h, Events.owner("s" + i, Events.T0 + i * 1_000L).build());
      }
      RiskMetrics m = fn.metrics();
      assertThat(m.sessionsEvicted.getCount()).isEqualTo(5);
      assertThat(m.sessionsInState.getCount()).isEqualTo(cap);
    }
  }

  @Test
  void decisionsAndCommandsAreCountedByTheActionsTheOperatorIssued() throws Exception {
    SessionRiskFunction fn = function(RiskHarness.settings());
    try (var h = harness(fn)) {
      h.open();
      long t = RiskHarness.trainOwner(h) + RiskHarness.DAY;
      RiskHarness.killStolen(h, t);
      List<SessionCommand> out = h.extractOutputValues();
      RiskMetrics m = fn.metrics();
      for (CommandAction a : CommandAction.values()) {
        assertThat(m.commands(a))
            .as("commands " + a)
            .isEqualTo(out.stream().filter(c -> c.getAction() == a).count());
      }
      assertThat(m.commands(CommandAction.KILL)).isPositive();
      assertThat(m.decisions(CommandAction.KILL)).as("the kill's decision").isPositive();
      long decisions = m.decisions(null);
      for (CommandAction a : CommandAction.values()) {
        decisions += m.decisions(a);
      }
      assertThat(decisions).isPositive().isLessThanOrEqualTo(m.events.getCount());
      assertThat(m.histogramCounts()[1])
          .as("one event in " + RiskMetrics.SAMPLE_EVERY + " timed")
          .isEqualTo(m.events.getCount() / RiskMetrics.SAMPLE_EVERY);
    }
  }

  /** Not yet opened, so that it can be restored. */
  @Test
  void theMetricsOfAnEventAllocateNothing() throws Exception {
    RiskMetrics m =
        new RiskMetrics(new UnregisteredMetricsGroup(), RiskHarness.settings(), new long[2]);
    RiskModel model = RiskModelLoader.parse(SessionRiskFunctionTest.defaultModelJson());
    List<SessionCommand> none = List.of();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    Runnable event =
        () -> {
          long timing = m.eventIn(Events.T0);
          m.activeModel(model);
          m.shadowModel(null);
          m.evidenceNotFinite(0);
          m.probability(0.42);
          m.decision(none);
          m.command(CommandAction.STEP_UP);
          m.eventDone(timing);
        };
    for (int i = 0; i < 10_000; i++) {
      event.run();
    }
    long before = threads.getThreadAllocatedBytes(thread);
    long start = System.nanoTime();
    for (int i = 0; i < 100_000; i++) {
      event.run();
    }
    long nanos = System.nanoTime() - start;
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    // The time is printed for information only (a shared machine's figure), never asserted.
    System.out.printf(
        "metrics of 100,000 events allocated %,d bytes, %.1f ns per event%n",
        allocated, nanos / 100_000.0);
    assertThat(allocated).as("bytes for 100,000 events").isLessThan(10_000);
    assertThat(m.events.getCount()).isEqualTo(110_000);
  }

  private static SessionRiskFunction function(RiskSettings settings) throws Exception {
    return new SessionRiskFunction(settings, SessionRiskFunctionTest.defaultModelJson());
  }

  private static KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand>
      harness(SessionRiskFunction fn) throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(fn, List.of(SessionRiskFunction.MODELS)),
        RiskInput::accountId,
        Types.STRING,
        128,
        1,
        0);
  }
}
