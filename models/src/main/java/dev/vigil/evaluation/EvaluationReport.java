package dev.vigil.evaluation;

import java.util.List;

/**
 * The outcome of {@code vigil evaluate}.
 *
 * @param unmatchedCommands commands whose session is not in the labels (other traffic)
 * @param calibration null when no decisions were given
 * @param unmatchedLabels ids of labels that match no session (or decision), left out of every
 *     metric; see {@link LabelJoin}
 */
public record EvaluationReport(
    int labelledSessions,
    int commands,
    int unmatchedCommands,
    List<CompromiseMetrics> scenarios,
    List<AbuseMetrics> abuse,
    List<FalseActionMetrics> benignByPopulation,
    List<FalseActionMetrics> benignByHardCase,
    Calibration calibration,
    List<String> unmatchedLabels) {

  public EvaluationReport(
      int labelledSessions,
      int commands,
      int unmatchedCommands,
      List<CompromiseMetrics> scenarios,
      List<AbuseMetrics> abuse,
      List<FalseActionMetrics> benignByPopulation,
      List<FalseActionMetrics> benignByHardCase,
      Calibration calibration) {
    this(
        labelledSessions,
        commands,
        unmatchedCommands,
        scenarios,
        abuse,
        benignByPopulation,
        benignByHardCase,
        calibration,
        List.of());
  }

  public EvaluationReport withUnmatchedLabels(List<String> ids) {
    return new EvaluationReport(
        labelledSessions,
        commands,
        unmatchedCommands,
        scenarios,
        abuse,
        benignByPopulation,
        benignByHardCase,
        calibration,
        List.copyOf(ids));
  }
}
