package dev.vigil.job.ingest;

import java.util.function.Predicate;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness watermarks that only valid records move (the ingest's events, the
 * gateways' outcomes). A dead letter's time is not trustworthy (its timestamp may be absent or
 * hostile), so it must neither advance nor hold back event time.
 */
public final class ValidRecordWatermarks<T> implements WatermarkGenerator<T> {
  private final long outOfOrdernessMillis;
  private final Predicate<T> valid;
  private long maxTimestamp;

  /** {@code valid} says which records carry a trusted time (the others are dead letters). */
  public ValidRecordWatermarks(long outOfOrdernessMillis, Predicate<T> valid) {
    this.outOfOrdernessMillis = outOfOrdernessMillis;
    this.valid = valid;
    // Start low enough that the first watermark cannot underflow.
    this.maxTimestamp = Long.MIN_VALUE + outOfOrdernessMillis + 1;
  }

  @Override
  public void onEvent(T record, long eventTimestamp, WatermarkOutput output) {
    if (valid.test(record)) {
      maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    output.emitWatermark(new Watermark(maxTimestamp - outOfOrdernessMillis - 1));
  }
}
