package dev.vigil.core.engine;

/** What a gateway's outcome did to its session ({@link SessionRiskEngine#applyOutcome}). */
public enum OutcomeEffect {
  /** The same outcome id was applied before: nothing changes and nothing is recorded again. */
  DUPLICATE,
  /**
   * Recorded in the audit trail only: a command applied or rejected, a pass that counts nothing
   * (the factor already counted, or the suspect factor), a kind this build does not know.
   */
  RECORDED,
  /** A step-up passed, failed or was abandoned and the probability moved by its ratio. */
  PROBABILITY_CHANGED,
  /** The gateway ended the session (SESSION_ENDED, or a KILL applied): its state goes. */
  SESSION_ENDED
}
