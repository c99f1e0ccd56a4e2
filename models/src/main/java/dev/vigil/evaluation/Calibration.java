package dev.vigil.evaluation;

import java.util.List;

/**
 * Calibration of the session probabilities: each labelled session's maximum enforced (non-shadow)
 * probability against whether an attacker held it (kind compromise = 1; benign and abuse = 0), in
 * 10 equal-width bins (the last one closed at 1). Failed credential attempts (kind attempt) are
 * left out: the login was refused, so no one held a session.
 *
 * <p>Expected calibration error (Naeini, Cooper and Hauskrecht 2015): sum over bins of (sessions_b
 * / sessions) * |observed_b - mean_b|. With B equal-width bins it is biased upwards by sampling
 * noise of order sqrt(B / n); read it with the bin counts.
 *
 * @param sessionsWithoutDecisions labelled sessions with no decision at all (left out)
 */
public record Calibration(
    int sessions,
    int sessionsWithoutDecisions,
    List<ReliabilityBin> bins,
    double expectedCalibrationError) {}
