package dev.vigil.evaluation;

import java.util.List;

/**
 * The outcome of {@code vigil evaluate}.
 *
 * @param labelledSessions labelled sessions of the evaluated window (warm-up not included)
 * @param commands every command read
 * @param unmatchedCommands commands whose session is not in the labels, window or warm-up (other
 *     traffic)
 * @param benignByPopulation false actions on the window's benign sessions, per population
 * @param benignByHardCase false actions on the window's benign sessions, per hard case
 * @param calibration null when no decisions were given
 * @param unmatchedLabels ids of labels that match no session (or decision), left out of every
 *     metric; see {@link LabelJoin}
 * @param warmupSessions labelled sessions of the warm-up (history replayed before the window)
 * @param warmupCommands commands on warm-up sessions: scored and acted on like any other
 * @param benignWarmupByPopulation false actions on the warm-up's benign sessions, per population
 * @param benignTotals false actions on every benign session ({@link #ALL_BENIGN}), then the
 *     window's ({@link #WINDOW}) and the warm-up's ({@link #WARMUP})
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
    List<String> unmatchedLabels,
    int warmupSessions,
    int warmupCommands,
    List<FalseActionMetrics> benignWarmupByPopulation,
    List<FalseActionMetrics> benignTotals) {
  public static final String ALL_BENIGN = "all benign";
  public static final String WINDOW = "window";
  public static final String WARMUP = "warm-up";

  /** The totals row for {@code group} (ALL_BENIGN, WINDOW or WARMUP), or null. */
  public FalseActionMetrics benignTotal(String group) {
    return benignTotals.stream().filter(m -> m.group().equals(group)).findFirst().orElse(null);
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
        List.copyOf(ids),
        warmupSessions,
        warmupCommands,
        benignWarmupByPopulation,
        benignTotals);
  }
}
