package dev.vigil.cli;

import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.evaluation.LiveComparison;
import dev.vigil.evaluation.LiveComparisonTable;
import dev.vigil.evaluation.SessionLabel;
import dev.vigil.schema.PlainJson;
import dev.vigil.schema.RiskDecision;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code vigil compare --decisions FILE | -b BROKER}: the champion (active model) and the
 * challenger (shadow model) of a live run, side by side, from its audit records (see {@link
 * LiveComparison}).
 */
final class LiveCompare {
  private LiveCompare() {}

  /** The audit records of {@code topic}, committed ones only (read_committed). */
  static List<RiskDecision> fromTopic(Properties kafka, String topic) {
    List<RiskDecision> out = new ArrayList<>();
    ConsumeCommand.readAll(
        kafka,
        topic,
        value -> {
          try {
            out.add(RiskDecision.getDecoder().decode(value));
          } catch (Exception e) {
            // not a decision (another record type on a shared topic): skip
          }
        });
    return out;
  }

  /**
   * RiskDecision JSON lines: vigil consume's output, vigil score's decisions.jsonl, or an export of
   * vigil audit export (its header line is skipped).
   */
  static List<RiskDecision> fromFile(Path file) throws IOException {
    List<RiskDecision> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank() || (n == 1 && line.contains("\"" + AuditTrail.HEADER_FIELD + "\""))) {
          continue;
        }
        try {
          out.add(PlainJson.fromJson(line, RiskDecision.class));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "decisions file "
                  + file
                  + " line "
                  + n
                  + " is no RiskDecision ("
                  + e.getMessage()
                  + "); give the JSON lines of vigil consume or vigil audit export");
        }
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "decisions file " + file + " does not exist; check --decisions");
    }
    return out;
  }

  static int run(
      List<RiskDecision> decisions, String source, Path labels, Path json, Path out, PrintWriter w)
      throws IOException {
    if (decisions.isEmpty()) {
      throw new IllegalArgumentException(
          "no audit record in "
              + source
              + "; check --decisions or --topic (the job's vigil.risk-decisions)");
    }
    List<SessionLabel> read = labels == null ? List.of() : EvaluationFiles.readLabels(labels);
    LiveComparison.Result r = LiveComparison.of(decisions, read);
    String table = LiveComparisonTable.render(r);
    ComparisonOutput.write(
        w, table, LiveComparisonTable.csv(r), LiveComparisonTable.json(r), json, out, null, "");
    w.flush();
    return 0;
  }
}
