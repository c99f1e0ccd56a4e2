package dev.vigil.evaluation;

import java.io.IOException;
import java.nio.file.Path;

/** What {@code vigil evaluate} does: read, score, write report.json and the charts. */
public final class Evaluation {
  private Evaluation() {}

  /**
   * @param decisions may be null
   * @param outDir where report.json and the PNG charts go (created if needed)
   */
  public static EvaluationReport run(Path labels, Path commands, Path decisions, Path outDir)
      throws IOException {
    EvaluationReport report =
        Evaluator.evaluate(
            EvaluationFiles.readLabels(labels),
            EvaluationFiles.readCommands(commands),
            decisions == null ? null : EvaluationFiles.readDecisions(decisions));
    EvaluationFiles.writeReport(report, outDir);
    ReportCharts.write(report, outDir);
    return report;
  }
}
