package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.Events;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.SessionCommand;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

/** The session risk operator on Flink's keyed broadcast test harness, for the state-bound tests. */
final class RiskHarness {
  private RiskHarness() {}

  static final long DAY = 86_400_000L;
  static final long HOUR = 3_600_000L;

  static RiskSettings settings() {
    return RiskSettings.defaults().withUnsignedCommands().withUnsignedModels();
  }

  static KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> harness(
      SessionRiskFunction fn) throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        fn, RiskInput::accountId, Types.STRING, SessionRiskFunction.MODELS);
  }

  /** Thirty days of the owner's ordinary traffic from home, ten requests a day. */
  static long trainOwner(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h)
      throws Exception {
    long t = Events.T0;
    for (int d = 0; d < 30; d++) {
      for (int i = 0; i < 10; i++) {
        t = Events.T0 + d * DAY + 9 * HOUR + i * 20_000L;
        process(
            h,
            Events.owner("owner-" + d, t)
                .setPath(i % 2 == 0 ? "/api/v1/balance" : "/api/v1/orders")
                .build());
      }
    }
    return t;
  }

  /** A stolen session that is killed at its withdrawal; returns the time of the kill. */
  static long killStolen(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h, long t)
      throws Exception {
    process(h, Events.attacker("stolen", t).setPath("/api/v1/balance").build());
    process(
        h,
        Events.attacker("stolen", t + 5_000)
            .setMethod("POST")
            .setPath("/api/v1/withdraw")
            .setWithdrawalAddress("bc1qattacker")
            .build());
    assertThat(kills(h, "stolen")).as("the stolen session is killed").isPositive();
    return t + 5_000;
  }

  static void process(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h,
      AccessEvent e)
      throws Exception {
    h.processElement(RiskInput.ofEvent(e), e.getTimestamp());
  }

  static void watermark(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h, long t)
      throws Exception {
    // In the job the model input is idle; here its watermark is moved by hand too.
    h.processBroadcastWatermark(t);
    h.processWatermark(t);
  }

  static long kills(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h,
      String session) {
    return h.extractOutputValues().stream()
        .filter(c -> c.getAction() == CommandAction.KILL && c.getSessionId().equals(session))
        .count();
  }

  static long keysWithState(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h,
      String state) {
    try (var keys =
        h.getOperator().<String>getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE)) {
      return keys.count();
    }
  }
}
