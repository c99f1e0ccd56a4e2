package dev.vigil.enforcer;

/** What came of a step-up the gateway presented ({@link ReferenceEnforcer#reportStepUp}). */
public enum StepUpResult {
  /** The user passed with a factor; it satisfies the step-up when the command accepts it. */
  PASSED,
  /** The user failed the challenge: the session ends, as a kill would. */
  FAILED,
  /** No answer within {@code stepUpTimeoutSeconds}: the session ends, as a kill would. */
  ABANDONED
}
