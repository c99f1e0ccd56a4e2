package dev.vigil.core.exchange;

import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.SignalSubject;

/**
 * A detector of one subject that spans accounts (a network, a client, an address, a key): fed that
 * subject's events in event-time order, it returns a signal when one is due, at most once per
 * subject and window. State is bounded per subject (each class states its bound).
 */
public interface SubjectDetector {
  /**
   * @param settings the thresholds (not part of the state: a restart may change them)
   * @param timeMillis the event's time
   * @param accountId the account that sent it
   * @param accountHash {@code Hashing.of(accountId)}
   * @param failed whether it failed (a login wave counts failures; the others ignore it)
   * @param type what the subject is
   * @param subject the subject's canonical text (in the signal)
   * @return the signal this event raises, or null (nearly always)
   */
  ExchangeSignal update(
      ExchangeSettings settings,
      long timeMillis,
      String accountId,
      long accountHash,
      boolean failed,
      SignalSubject type,
      String subject);

  /** Event time of the last event seen; the subject's state may go once it is idle long enough. */
  long lastSeen();
}
