package dev.vigil.core.volume;

import dev.vigil.core.model.VolumeSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.Locale;

/**
 * Scores a {@code timestamp,value} CSV with {@link OnsetDetector} and writes {@code
 * timestamp,value,score,expected,deviation}: the score is an alarm (at least {@link
 * VolumeScorer#ALARM} where a change begins, 0 while a new level lasts), {@code expected} the
 * baseline the point was compared against and {@code deviation} its distance from it in sigmas, so
 * analysts can backtest the detector on any metric. Timestamps are echoed as given; their form (see
 * {@link SeriesTimestamps}) is told by the first one and must hold for the whole file, and time
 * must not go back. An optional header line starting with "timestamp" is skipped; blank lines are
 * ignored. A malformed line fails with its line number and the fix. Memory: one detector.
 */
public final class SeriesScorer {
  private SeriesScorer() {}

  /** What a run read: the points, the alarms among them and the timestamp form assumed. */
  public record Summary(long points, long alarms, SeriesTimestamps timestamps) {}

  /** Scores {@code input} into {@code output} and says what it read. */
  public static Summary score(Reader input, Writer output, VolumeSettings model)
      throws IOException {
    OnsetDetector detector = new OnsetDetector(OnsetSettings.from(model));
    BufferedReader in = input instanceof BufferedReader br ? br : new BufferedReader(input);
    output.write("timestamp,value,score,expected,deviation\n");
    SeriesTimestamps form = null;
    long formLine = 0;
    long lineNo = 0;
    long points = 0;
    long alarms = 0;
    long lastMillis = Long.MIN_VALUE;
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
      String ts = unquote(trimmed.substring(0, comma).strip());
      String v = unquote(trimmed.substring(comma + 1).strip());
      if (form == null) {
        try {
          form = SeriesTimestamps.detect(ts);
          formLine = lineNo;
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "line " + lineNo + ": " + e.getMessage() + "; convert the timestamps to one of them",
              e);
        }
      }
      long millis;
      try {
        millis = form.toEpochMillis(ts);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "line "
                + lineNo
                + ": "
                + e.getMessage()
                + " like line "
                + formLine
                + "; use one timestamp form for the whole file",
            e);
      }
      if (millis < lastMillis) {
        throw new IllegalArgumentException(
            "line " + lineNo + ": timestamp '" + ts + "' is before the line above; sort by time");
      }
      lastMillis = millis;
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
      alarms += score >= VolumeScorer.ALARM ? 1 : 0;
      output.write(ts);
      output.write(',');
      output.write(v);
      output.write(
          String.format(
              Locale.ROOT,
              ",%.6f,%.4f,%.3f\n",
              score,
              detector.expected(),
              Math.abs(detector.lastZ()) < 0.0005 ? 0.0 : detector.lastZ())); // no "-0.000"
      points++;
    }
    output.flush();
    return new Summary(points, alarms, form);
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"'
        ? s.substring(1, s.length() - 1).strip()
        : s;
  }
}
