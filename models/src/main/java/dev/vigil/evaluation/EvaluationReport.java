package dev.vigil.evaluation;

import java.util.List;

/**
 * The outcome of {@code vigil evaluate}.
 *
 * @param unmatchedCommands commands whose session is not in the labels (other traffic)
 * @param calibration null when no decisions were given
 */
public record EvaluationReport(
    int labelledSessions,
    int commands,
    int unmatchedCommands,
    List<CompromiseMetrics> scenarios,
    List<AbuseMetrics> abuse,
    List<FalseActionMetrics> benignByPopulation,
    List<FalseActionMetrics> benignByHardCase,
    Calibration calibration) {}
