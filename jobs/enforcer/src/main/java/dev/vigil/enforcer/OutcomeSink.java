package dev.vigil.enforcer;

import dev.vigil.schema.EnforcementOutcome;

/** Where a {@link ReferenceEnforcer} reports its outcomes (already signed when it has a key). */
@FunctionalInterface
public interface OutcomeSink {
  /** Discards every outcome: a dry run that reports nothing. */
  OutcomeSink NONE = o -> {};

  void publish(EnforcementOutcome outcome);
}
