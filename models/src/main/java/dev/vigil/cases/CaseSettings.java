package dev.vigil.cases;

import java.io.Serializable;
import java.time.Duration;

/**
 * How decisions are grouped into cases. Serializable: the job's case operator carries it.
 *
 * @param quiet a case closes when no decision joined it for this long (event time)
 * @param minProbability a decision without a command of STEP_UP strength or more joins a case only
 *     when it takes the session's probability from below this to at or above it
 * @param maxTimeline timeline entries kept per case (the latest), at least 1
 * @param maxSessions sessions listed per case, at least 1
 * @param maxAccounts accounts listed per case, at least 2
 * @param maxOpenCases cases held at once per grouping by {@link CaseBook}; the least recently
 *     updated is closed early beyond it
 */
public record CaseSettings(
    Duration quiet,
    double minProbability,
    int maxTimeline,
    int maxSessions,
    int maxAccounts,
    int maxOpenCases)
    implements Serializable {

  /** Closed after 30 min without a decision; 64 timeline entries, 32 sessions and accounts. */
  public static final CaseSettings DEFAULTS =
      new CaseSettings(Duration.ofMinutes(30), 0.5, 64, 32, 32, 100_000);

  public CaseSettings {
    if (quiet.isNegative() || quiet.isZero()) {
      throw new IllegalArgumentException("cases.quiet must be positive, was " + quiet);
    }
    if (!(minProbability >= 0 && minProbability <= 1)) {
      throw new IllegalArgumentException(
          "cases.min-probability must be in [0, 1], was " + minProbability);
    }
    if (maxTimeline < 1 || maxSessions < 1 || maxAccounts < 2 || maxOpenCases < 1) {
      throw new IllegalArgumentException(
          "case bounds must be positive (timeline, sessions, open cases) and accounts at least 2");
    }
  }

  /** The same settings with another quiet period. */
  public CaseSettings withQuiet(Duration q) {
    return new CaseSettings(q, minProbability, maxTimeline, maxSessions, maxAccounts, maxOpenCases);
  }
}
