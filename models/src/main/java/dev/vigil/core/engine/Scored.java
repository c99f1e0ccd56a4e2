package dev.vigil.core.engine;

import dev.vigil.core.evidence.EventFeatures;
import dev.vigil.core.evidence.EvidenceBuffer;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.SessionKind;

/**
 * The result of scoring one event; one instance is reused for every event (the engine overwrites
 * it), so callers copy out what they keep.
 */
public final class Scored {
  final EventFeatures features = new EventFeatures();
  final EvidenceBuffer evidence = new EvidenceBuffer();
  final Decision decision = new Decision();
  double previousProbability;
  double probability;
  boolean learned;
  SessionKind kind = SessionKind.HUMAN;
  double outcomeLlr;

  /** P(session compromised | everything seen so far), after this event. */
  public double probability() {
    return probability;
  }

  /** The log-likelihood ratio the last outcome applied ({@link SessionRiskEngine#applyOutcome}). */
  public double outcomeLlr() {
    return outcomeLlr;
  }

  public double previousProbability() {
    return previousProbability;
  }

  /** The event's evidence terms. */
  public EvidenceBuffer evidence() {
    return evidence;
  }

  /** Whether the policies changed anything; if so {@link #decision()} holds the actions. */
  public boolean hasDecision() {
    return !decision.isEmpty();
  }

  /** Whether a policy noted something it did not do (a withheld or degraded kill). */
  public boolean hasNotes() {
    return decision.noteCount() > 0;
  }

  public Decision decision() {
    return decision;
  }

  /** Whether the account profile learned from this event (false under the poisoning guard). */
  public boolean learned() {
    return learned;
  }

  public SessionKind kind() {
    return kind;
  }

  public EventFeatures features() {
    return features;
  }
}
