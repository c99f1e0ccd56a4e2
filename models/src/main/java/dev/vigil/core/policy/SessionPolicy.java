package dev.vigil.core.policy;

/**
 * One rule from probability to commands. A policy reads the input, may update the session's
 * enforcement memory, and appends an action to the decision only when its outcome changed
 * materially since the last command it issued. Implementations must be O(1) and allocation-free.
 */
public interface SessionPolicy {
  /** Stable name, for logs and the registry. */
  String name();

  void decide(PolicyInput in, Decision out);
}
