package dev.vigil.evaluation;

import dev.vigil.schema.RiskDecision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What {@code vigil evaluate} does: read, score, write report.json and the charts. */
public final class Evaluation {
  private Evaluation() {}

  /**
   * @param decisions may be null
   * @param outDir where report.json and the PNG charts go (created if needed)
   */
  public static EvaluationReport run(Path labels, Path commands, Path decisions, Path outDir)
      throws IOException {
    List<RiskDecision> ds = decisions == null ? null : EvaluationFiles.readDecisions(decisions);
    LabelJoin join = join(EvaluationFiles.readLabels(labels), ds);
    EvaluationReport report =
        Evaluator.evaluate(join.matched(), EvaluationFiles.readCommands(commands), ds)
            .withUnmatchedLabels(join.unmatched());
    EvaluationFiles.writeReport(report, outDir);
    ReportCharts.write(report, outDir);
    return report;
  }

  /**
   * With decisions, a label must name a session (or decision) among them; without, only a label on
   * a decision id cannot be placed. The simulator's warm-up labels pass through: they are history,
   * left out of the metrics anyway.
   */
  static LabelJoin join(List<SessionLabel> labels, List<RiskDecision> decisions) {
    List<SessionLabel> warmup = labels.stream().filter(SessionLabel::warmup).toList();
    List<SessionLabel> rest = labels.stream().filter(l -> !l.warmup()).toList();
    LabelJoin join =
        decisions == null
            ? LabelJoin.of(rest, id -> true, Map.of())
            : LabelJoin.toDecisions(rest, decisions);
    List<SessionLabel> matched = new ArrayList<>(warmup);
    matched.addAll(join.matched());
    return new LabelJoin(matched, join.unmatched());
  }
}
