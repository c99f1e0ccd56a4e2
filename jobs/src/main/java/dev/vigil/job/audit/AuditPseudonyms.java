package dev.vigil.job.audit;

import dev.vigil.audit.Pseudonymiser;
import dev.vigil.enforce.Secrets;
import dev.vigil.job.risk.RiskSettings;

/**
 * The audit pseudonymiser of a task, from {@code audit.pseudonym-key-file} or the variable named by
 * {@code audit.pseudonym-key-env}: read on the task manager in {@code open()}, so the key never
 * enters the job graph, a log or an exception message (only the file's path and the variable's name
 * are named).
 */
public final class AuditPseudonyms {
  private AuditPseudonyms() {}

  /** The pseudonymiser, or null when {@code audit.pseudonymise} is false. */
  public static Pseudonymiser open(RiskSettings settings) {
    if (!settings.auditPseudonymise()) {
      return null;
    }
    String key =
        Secrets.read(
            settings.auditPseudonymKeyFile(),
            settings.auditPseudonymKeyEnv(),
            "audit pseudonym key");
    if (key == null) {
      throw new IllegalStateException(
          "audit.pseudonymise is true but there is no key: set audit.pseudonym-key-file or "
              + settings.auditPseudonymKeyEnv()
              + " (base64 of at least 32 random bytes, e.g. openssl rand -base64 32)");
    }
    return Pseudonymiser.fromBase64(key);
  }
}
