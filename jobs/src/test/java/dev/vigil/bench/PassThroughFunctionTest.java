package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.Events;
import dev.vigil.job.risk.RiskInput;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.SessionCommand;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's pass-through operator on Flink's operator test harness: it takes every event and
 * leaves nothing behind, no output, no keyed state and no timer, so the pass-through job measures
 * the plumbing alone.
 */
class PassThroughFunctionTest {
  @Test
  void takesEveryEventAndLeavesNoOutputStateOrTimers() throws Exception {
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<String, RiskInput, SessionCommand>(
            new KeyedProcessOperator<>(new PassThroughFunction()),
            RiskInput::accountId,
            Types.STRING)) {
      h.open();
      long t = Events.T0;
      for (int i = 0; i < 500; i++) {
        AccessEvent e = Events.owner("session-" + (i % 7), t + i * 1_000L).build();
        h.processElement(new StreamRecord<>(RiskInput.ofEvent(e), e.getTimestamp()));
      }
      h.processWatermark(t + 10_000_000L);

      assertThat(h.extractOutputValues()).isEmpty();
      assertThat(h.getSideOutput(dev.vigil.job.risk.SessionRiskFunction.DECISIONS)).isNull();
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(h.numProcessingTimeTimers()).isZero();
    }
  }
}
