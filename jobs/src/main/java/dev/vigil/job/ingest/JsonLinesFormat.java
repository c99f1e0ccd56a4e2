package dev.vigil.job.ingest;

import dev.vigil.ingest.AccessLogParser;
import dev.vigil.ingest.IngestLimits;
import dev.vigil.ingest.IngestResult;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a file of JSON access-log lines (the same contract as the log topic) for backtests: each
 * line becomes an {@link Ingested}, an event or a dead letter whose offset is the line number.
 *
 * <p>Event time is bounded as on Kafka ({@link IngestLimits#timeProblem}), against the wall clock
 * at reading: history has no ingestion time of its own, and no line of history can come from the
 * future, so a line stamped more than {@code maxClockSkewMillis} ahead of now (year 9999) is
 * dead-lettered as {@code CLOCK_SKEW} and cannot move the watermark; one more than {@code
 * maxEventAgeMillis} behind now (1970) as {@code EVENT_TOO_OLD}. The wall clock rather than the
 * file's own running time, because a running time is set by the file's first lines, which may be
 * the hostile ones; the default age bound of ten years keeps every real or simulated history
 * replayable whenever it runs. An accepted event's {@code ingestedAt} is its own time.
 *
 * <p>Lines are read as bytes ({@link BoundedLineReader}), so invalid UTF-8 is kept as it was, and
 * in bounded memory: a line of any length is read, counted and hashed, but only its first {@link
 * DeadLetterRaw#MAX_RAW_BYTES} bytes (or the record cap, if larger) are kept; a longer line is
 * dead-lettered as {@code OVERSIZED} with its length and hash.
 */
public final class JsonLinesFormat extends SimpleStreamFormat<Ingested> {
  private static final long serialVersionUID = 1L;

  private final IngestSettings settings;
  private final String fileName;

  public JsonLinesFormat(IngestSettings settings, String fileName) {
    this.settings = settings;
    this.fileName = fileName;
  }

  @Override
  public StreamFormat.Reader<Ingested> createReader(
      Configuration config, FSDataInputStream stream) {
    IngestLimits limits = settings.limits();
    AccessLogParser parser = new AccessLogParser(limits);
    BoundedLineReader lines =
        new BoundedLineReader(
            stream, Math.max(limits.maxRecordBytes(), DeadLetterRaw.MAX_RAW_BYTES));
    return new StreamFormat.Reader<>() {
      private long lineNumber;

      @Override
      public Ingested read() throws IOException {
        if (!lines.next()) {
          return null;
        }
        lineNumber++;
        long now = System.currentTimeMillis();
        byte[] raw = lines.bytes();
        if (lines.isCut()) {
          return Ingested.cut(
              limits.oversized(lines.length()),
              raw,
              lines.length(),
              lines.sha256(),
              fileName,
              lineNumber,
              now);
        }
        IngestResult result = parser.parse(raw, now);
        if (result.isAccepted()) {
          result.event().setIngestedAt(result.event().getTimestamp());
        }
        return Ingested.of(result, raw, fileName, null, lineNumber, now);
      }

      @Override
      public void close() throws IOException {
        stream.close();
      }
    };
  }

  @Override
  public TypeInformation<Ingested> getProducedType() {
    return TypeInformation.of(Ingested.class);
  }
}
