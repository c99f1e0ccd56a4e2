package dev.vigil.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.DeadLetterReason;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class SplitDeadLettersTest {
  private static Ingested event(String id, long ts) {
    Ingested in = new Ingested();
    in.event =
        AccessEvent.newBuilder()
            .setEventId(id)
            .setTimestamp(ts)
            .setIngestedAt(ts)
            .setSessionId("s")
            .setAccountId("a")
            .setSourceIp("192.0.2.1")
            .setMethod("GET")
            .setPath("/")
            .setStatus(200)
            .build();
    return in;
  }

  private static Ingested deadLetter(String message) {
    Ingested in = new Ingested();
    in.deadLetter =
        DeadLetter.newBuilder()
            .setRaw(ByteBuffer.wrap(new byte[] {'x'}))
            .setReason(DeadLetterReason.MALFORMED_JSON)
            .setMessage(message)
            .setTime(0)
            .build();
    return in;
  }

  @Test
  void eventsGoToTheMainOutputAndDeadLettersToTheSideOutputInOrder() throws Exception {
    try (OneInputStreamOperatorTestHarness<Ingested, AccessEvent> harness =
        ProcessFunctionTestHarnesses.forProcessFunction(new SplitDeadLetters())) {
      harness.processElement(event("e1", 1_000), 1_000);
      harness.processElement(deadLetter("bad 1"), 1_100);
      harness.processElement(event("e2", 1_200), 1_200);
      harness.processElement(deadLetter("bad 2"), 1_300);

      assertThat(harness.extractOutputValues())
          .extracting(AccessEvent::getEventId)
          .containsExactly("e1", "e2");
      assertThat(harness.getSideOutput(SplitDeadLetters.DEAD_LETTERS))
          .extracting(StreamRecord::getValue)
          .extracting(DeadLetter::getMessage)
          .containsExactly("bad 1", "bad 2");
    }
  }

  @Test
  void deadLettersNeitherAdvanceNorHoldBackTheWatermark() {
    ValidRecordWatermarks<Ingested> generator =
        new ValidRecordWatermarks<>(5_000, Ingested::isEvent);
    List<Long> emitted = new ArrayList<>();
    WatermarkOutput output = capture(emitted);

    generator.onEvent(event("e1", 100_000), 100_000, output);
    generator.onEvent(deadLetter("far future"), 9_000_000_000_000L, output);
    generator.onPeriodicEmit(output);
    generator.onEvent(event("e0", 90_000), 90_000, output); // late, within bounds
    generator.onPeriodicEmit(output);
    generator.onEvent(event("e2", 120_000), 120_000, output);
    generator.onPeriodicEmit(output);

    assertThat(emitted).containsExactly(94_999L, 94_999L, 114_999L);
  }

  private static WatermarkOutput capture(List<Long> emitted) {
    return new WatermarkOutput() {
      @Override
      public void emitWatermark(Watermark watermark) {
        emitted.add(watermark.getTimestamp());
      }

      @Override
      public void markIdle() {}

      @Override
      public void markActive() {}
    };
  }
}
