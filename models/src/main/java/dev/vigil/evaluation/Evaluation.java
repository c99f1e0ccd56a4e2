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
   * The simulator's labels describe every session of the world they came with (decisions are
   * written only when a probability moves, so most sessions have none): they pass through. An
   * analyst's label must name a session (or decision) among the decisions; without decisions only
   * one on a decision id alone cannot be placed.
   */
  static LabelJoin join(List<SessionLabel> labels, List<RiskDecision> decisions) {
    List<SessionLabel> simulated = labels.stream().filter(l -> !l.fromAnalyst()).toList();
    List<SessionLabel> analysts = labels.stream().filter(SessionLabel::fromAnalyst).toList();
    LabelJoin join =
        decisions == null
            ? LabelJoin.of(analysts, id -> true, Map.of())
            : LabelJoin.toDecisions(analysts, decisions);
    // A session with the simulator's label keeps it: it knows the attacker's requests. Of several
    // analysts' labels on one session the last in the file wins (the Evaluator keeps the last).
    java.util.Set<String> known = new java.util.HashSet<>();
    simulated.forEach(l -> known.add(l.sessionId()));
    List<SessionLabel> matched = new ArrayList<>(simulated);
    join.matched().stream().filter(l -> !known.contains(l.sessionId())).forEach(matched::add);
    return new LabelJoin(matched, join.unmatched());
  }
}
