package dev.vigil.job.ingest;

import dev.vigil.ingest.AccessLogParser;
import dev.vigil.ingest.IngestResult;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a file of JSON access-log lines (the same contract as the log topic) for backtests: each
 * line becomes an {@link Ingested}, an event or a dead letter whose offset is the line number.
 *
 * <p>History has no ingestion time of its own, so each event's own time stands in for it and the
 * clock-skew check does not apply. Lines are read as bytes, so invalid UTF-8 is kept as it was.
 */
public final class JsonLinesFormat extends SimpleStreamFormat<Ingested> {
  private static final long serialVersionUID = 1L;

  /** Lines longer than this are cut (and dead-lettered as oversized in any case). */
  static final int MAX_KEPT_LINE_BYTES = 16 << 20;

  private final IngestSettings settings;
  private final String fileName;

  public JsonLinesFormat(IngestSettings settings, String fileName) {
    this.settings = settings;
    this.fileName = fileName;
  }

  @Override
  public StreamFormat.Reader<Ingested> createReader(
      Configuration config, FSDataInputStream stream) {
    AccessLogParser parser = new AccessLogParser(settings.limits());
    InputStream in = new BufferedInputStream(stream, 1 << 16);
    return new StreamFormat.Reader<>() {
      private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
      private long lineNumber;

      @Override
      public Ingested read() throws IOException {
        line.reset();
        int b;
        boolean any = false;
        while ((b = in.read()) != -1) {
          any = true;
          if (b == '\n') {
            break;
          }
          if (line.size() < MAX_KEPT_LINE_BYTES) {
            line.write(b);
          }
        }
        if (!any) {
          return null;
        }
        lineNumber++;
        byte[] raw = stripCarriageReturn(line.toByteArray());
        IngestResult result = parser.parse(raw, Long.MAX_VALUE / 4);
        if (result.isAccepted()) {
          result.event().setIngestedAt(result.event().getTimestamp());
        }
        return Ingested.of(result, raw, fileName, null, lineNumber, System.currentTimeMillis());
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  private static byte[] stripCarriageReturn(byte[] raw) {
    if (raw.length > 0 && raw[raw.length - 1] == '\r') {
      return java.util.Arrays.copyOf(raw, raw.length - 1);
    }
    return raw;
  }

  @Override
  public TypeInformation<Ingested> getProducedType() {
    return TypeInformation.of(Ingested.class);
  }
}
