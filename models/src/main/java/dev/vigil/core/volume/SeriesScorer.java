package dev.vigil.core.volume;

import dev.vigil.core.model.VolumeSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Scores a {@code timestamp,value} CSV with {@link SeasonalRobustDetector} and writes {@code
 * timestamp,value,score}, so analysts can backtest the detector on any metric. Timestamps are epoch
 * milliseconds or ISO-8601 instants and are echoed as given; an optional header line starting with
 * "timestamp" is skipped; blank lines are ignored. A malformed line fails with its line number.
 */
public final class SeriesScorer {
  private SeriesScorer() {}

  /** Returns the number of points scored. */
  public static long score(Reader input, Writer output, VolumeSettings model) throws IOException {
    SeasonalRobustDetector detector = new SeasonalRobustDetector(model);
    BufferedReader in = input instanceof BufferedReader br ? br : new BufferedReader(input);
    output.write("timestamp,value,score\n");
    long lineNo = 0;
    long points = 0;
    String line;
    while ((line = in.readLine()) != null) {
      lineNo++;
      String trimmed = line.strip();
      if (trimmed.isEmpty()
          || (lineNo == 1 && trimmed.toLowerCase(Locale.ROOT).startsWith("timestamp"))) {
        continue;
      }
      int comma = trimmed.indexOf(',');
      if (comma < 0 || trimmed.indexOf(',', comma + 1) >= 0) {
        throw new IllegalArgumentException(
            "line " + lineNo + ": expected two columns 'timestamp,value'");
      }
      String ts = trimmed.substring(0, comma).strip();
      String v = trimmed.substring(comma + 1).strip();
      long millis = parseTime(ts, lineNo);
      double value;
      try {
        value = Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "line " + lineNo + ": value '" + v + "' is not a number", e);
      }
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("line " + lineNo + ": value must be finite");
      }
      double score = detector.update(millis, value);
      output.write(ts);
      output.write(',');
      output.write(v);
      output.write(',');
      output.write(String.format(Locale.ROOT, "%.6f", score));
      output.write('\n');
      points++;
    }
    output.flush();
    return points;
  }

  private static long parseTime(String ts, long lineNo) {
    boolean digits = !ts.isEmpty();
    for (int i = 0; i < ts.length(); i++) {
      char c = ts.charAt(i);
      if (c < '0' || c > '9') {
        digits = false;
        break;
      }
    }
    try {
      return digits ? Long.parseLong(ts) : Instant.parse(ts).toEpochMilli();
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "line " + lineNo + ": timestamp '" + ts + "' is neither epoch milliseconds nor ISO-8601",
          e);
    }
  }
}
