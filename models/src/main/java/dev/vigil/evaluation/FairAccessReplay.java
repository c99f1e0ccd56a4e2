package dev.vigil.evaluation;

import dev.vigil.core.model.EndpointRoles;
import dev.vigil.core.volume.FairAccessLimits;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Replays an access-log file ({@link EventLines}) into {@link FairAccessLimits}. Each session's
 * population comes from a labels file when one is given (the simulator's labels.jsonl, or any file
 * of that shape: {@code session.id}, {@code population}, {@code label}); a session the labels do
 * not name, or every session when there are none, gets {@link FairAccessLimits#populationByAuth}.
 * Sessions labelled other than {@code benign} (attacks, and abuse by the owner such as a bot
 * flooding market data) are measured but left out of the basis: a limit is meant to fit a
 * population's legitimate usage. Without labels every session is in the basis, and the quantile is
 * only as robust as its rank: p99 ignores abuse in fewer than 1 % of a population's sessions.
 */
public final class FairAccessReplay {
  private FairAccessReplay() {}

  /**
   * @param labels labels.jsonl, or null
   */
  public static FairAccessLimits replay(Path events, Path labels, EndpointRoles roles) {
    Map<String, SessionLabel> byId = new HashMap<>();
    if (labels != null) {
      for (SessionLabel l : EvaluationFiles.readLabels(labels)) {
        if (l.sessionId() != null && l.population() != null) {
          byId.put(l.sessionId(), l);
        }
      }
    }
    FairAccessLimits limits = new FairAccessLimits(roles);
    EventLines.forEach(
        events,
        "events",
        e -> {
          SessionLabel l = e.getSessionId() == null ? null : byId.get(e.getSessionId());
          if (l == null) {
            limits.add(FairAccessLimits.populationByAuth(e), e);
          } else {
            limits.add(l.population(), e, SessionLabel.BENIGN.equals(l.label()));
          }
        });
    return limits;
  }
}
