package dev.vigil.signing;

/**
 * What {@link ModelGate} decided about one model record.
 *
 * @param result why it was let through or refused
 * @param keyId the key id the record names (may be untrusted), or null when it names none
 * @param signedAtMillis the signing time the record states, or null when absent or unreadable
 * @param message the decision in plain words, with no secrets
 */
public record ModelVerdict(Result result, String keyId, Long signedAtMillis, String message) {
  /** The outcome; the refusals map one to one onto dead-letter reasons {@code MODEL_*}. */
  public enum Result {
    /** A valid signature by a trusted key. */
    SIGNED,
    /** No signature, let through because {@code models.allow-unsigned=true}. */
    UNSIGNED_ALLOWED,
    /**
     * The job's own initial model (its configuration, as trusted as its jar), broadcast by a
     * backtest that has no model topic; never a record read from Kafka.
     */
    CONFIGURED,
    /** Refused: no signature headers and unsigned models are not allowed. */
    UNSIGNED,
    /** Refused: a signature that does not verify, or malformed signature headers. */
    BAD_SIGNATURE,
    /** Refused: signed by a key the job does not trust. */
    UNTRUSTED_KEY,
    /**
     * Refused: validly signed, but not after the record last applied under the same key (slot): an
     * old model or breaker clear published again, a rollback or replay.
     */
    STALE;

    public boolean accepted() {
      return this == SIGNED || this == UNSIGNED_ALLOWED || this == CONFIGURED;
    }
  }

  public boolean accepted() {
    return result.accepted();
  }
}
