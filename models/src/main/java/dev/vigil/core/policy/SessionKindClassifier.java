package dev.vigil.core.policy;

import dev.vigil.core.evidence.EventFeatures;
import dev.vigil.core.model.PolicySettings;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.profile.SessionTracker;
import dev.vigil.core.sketch.Hashing;

/**
 * Chooses the cost profile of a session from signals the gateway establishes, never from a claim
 * the client alone controls (the user agent is ignored): a request the gateway verified as
 * HMAC-signed makes the session automated; so does API-key access whose inter-arrival times are
 * regular (coefficient of variation at most {@code policy.automatedMaxIntervalCv} after {@code
 * policy.automatedMinRequests} requests), the signature of a program rather than a person. Once
 * automated, a session stays automated so its timeouts do not oscillate.
 */
public final class SessionKindClassifier {
  private SessionKindClassifier() {}

  public static SessionKind classify(SessionState s, EventFeatures f, PolicySettings p) {
    if (s.kind == SessionKind.AUTOMATED.ordinal() || f.signedByKey) {
      return SessionKind.AUTOMATED;
    }
    if (f.apiKey != Hashing.ABSENT && s.events >= p.automatedMinRequests) {
      double cv = SessionTracker.intervalCv(s);
      if (cv <= p.automatedMaxIntervalCv) {
        return SessionKind.AUTOMATED;
      }
    }
    return SessionKind.HUMAN;
  }
}
