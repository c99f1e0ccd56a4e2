package dev.vigil.job.ingest;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness watermarks that only valid events move. A dead letter's time is not
 * trustworthy (its timestamp may be absent or hostile), so it must neither advance nor hold back
 * event time.
 */
final class IngestWatermarks implements WatermarkGenerator<Ingested> {
  private final long outOfOrdernessMillis;
  private long maxTimestamp;

  IngestWatermarks(long outOfOrdernessMillis) {
    this.outOfOrdernessMillis = outOfOrdernessMillis;
    // Start low enough that the first watermark cannot underflow.
    this.maxTimestamp = Long.MIN_VALUE + outOfOrdernessMillis + 1;
  }

  @Override
  public void onEvent(Ingested record, long eventTimestamp, WatermarkOutput output) {
    if (record.isEvent()) {
      maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    output.emitWatermark(new Watermark(maxTimestamp - outOfOrdernessMillis - 1));
  }
}
