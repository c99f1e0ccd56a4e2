package dev.vigil.job.risk;

import static dev.vigil.schema.CommandAction.KILL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.engine.Events;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.SessionCommand;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The kill-rate breaker travels with the checkpoint: tripped by a storm, it stays open in an
 * operator restored from the snapshot, which degrades the next stolen session's kill to a step-up
 * with {@code kill_breaker_open} as the uninterrupted operator does; an operator that starts cold
 * (as every restore did before this state existed) kills it. The model is the default one with
 * {@code killBreakerMinKills} 2, so that three kills a minute apart (2.9 decayed) make a storm on a
 * cold start.
 */
class KillRateBreakerRestoreTest {
  private static final long MINUTE = 60_000L;

  @Test
  void aRestoredOperatorKeepsAnOpenBreakerOpenAsTheUninterruptedOneDoes() throws Exception {
    OperatorSubtaskState snapshot;
    long t;
    List<SessionCommand> uninterrupted;
    try (var h = harness()) {
      h.open();
      t = RiskHarness.trainOwner(h) + RiskHarness.DAY;
      steal(h, "stolen-1", t);
      steal(h, "stolen-2", t + MINUTE);
      steal(h, "stolen-3", t + 2 * MINUTE);
      assertThat(actions(h, "stolen-1")).as("the first kills go through").contains(KILL);
      assertThat(actions(h, "stolen-2")).contains(KILL);
      assertThat(actions(h, "stolen-3"))
          .as("the third trips the breaker")
          .doesNotContain(KILL)
          .contains(CommandAction.STEP_UP);
      snapshot = h.snapshot(1, t + 3 * MINUTE);
      steal(h, "stolen-4", t + 4 * MINUTE);
      uninterrupted = commands(h, "stolen-4");
    }
    List<SessionCommand> restored;
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      steal(h, "stolen-4", t + 4 * MINUTE);
      restored = commands(h, "stolen-4");
    }
    List<SessionCommand> cold;
    try (var h = harness()) {
      h.open();
      long trained = RiskHarness.trainOwner(h) + RiskHarness.DAY;
      assertThat(trained).isEqualTo(t);
      steal(h, "stolen-4", t + 4 * MINUTE);
      cold = commands(h, "stolen-4");
    }
    System.out.printf(
        "the fourth stolen session: uninterrupted %s, restored %s, cold %s%n",
        actions(uninterrupted), actions(restored), actions(cold));
    assertThat(actions(uninterrupted)).doesNotContain(KILL).contains(CommandAction.STEP_UP);
    assertThat(actions(restored)).isEqualTo(actions(uninterrupted));
    assertThat(restored)
        .flatExtracting(SessionCommand::getReasons)
        .extracting(r -> r.getCode().toString())
        .contains("kill_breaker_open");
    assertThat(actions(cold)).as("a cold breaker lets the kill through").contains(KILL);
  }

  /** A stolen session's balance read, then a withdrawal to the attacker's address. */
  private static void steal(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h,
      String session,
      long t)
      throws Exception {
    RiskHarness.process(h, Events.attacker(session, t).setPath("/api/v1/balance").build());
    RiskHarness.process(
        h,
        Events.attacker(session, t + 5_000)
            .setMethod("POST")
            .setPath("/api/v1/withdraw")
            .setWithdrawalAddress("bc1qattacker")
            .build());
  }

  private static List<SessionCommand> commands(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h,
      String session) {
    return h.extractOutputValues().stream().filter(c -> c.getSessionId().equals(session)).toList();
  }

  private static List<CommandAction> actions(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h,
      String session) {
    return actions(commands(h, session));
  }

  private static List<CommandAction> actions(List<SessionCommand> commands) {
    return commands.stream().map(SessionCommand::getAction).toList();
  }

  /** Not yet opened, so that it can be restored (as in PopulationPriorRestoreTest). */
  private static KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand>
      harness() throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(
            new SessionRiskFunction(RiskHarness.settings(), breakerOnThirdKill()),
            List.of(SessionRiskFunction.MODELS)),
        RiskInput::accountId,
        Types.STRING,
        128,
        1,
        0);
  }

  private static byte[] breakerOnThirdKill() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(SessionRiskFunctionTest.defaultModelJson());
    ((ObjectNode) root.get("policy")).put("killBreakerMinKills", 2);
    return json.writeValueAsBytes(root);
  }
}
