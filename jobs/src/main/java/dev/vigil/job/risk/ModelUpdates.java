package dev.vigil.job.risk;

import dev.vigil.core.model.ModelValidationException;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.DeadLetterReason;
import dev.vigil.schema.RiskDecision;
import dev.vigil.signing.ModelGate;
import dev.vigil.signing.ModelVerdict;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.BroadcastState;

/**
 * Applies one record of the model topic to the broadcast state of {@link SessionRiskFunction}: only
 * what {@link ModelGate} lets through (a valid Ed25519 signature by a trusted key, signed after the
 * record in force for its slot), and only a valid model. Every record, applied or refused, yields
 * one audit record; a refused one also a dead letter, and the running model stays.
 *
 * <p>Besides the model JSON per slot, the state keeps under {@value #SIGNED_AT_PREFIX}{@code
 * <slot>} the signing time (8 bytes, big-endian) of the record last applied per slot (or
 * breaker-clear key), so an older signed record published again is refused as stale.
 */
final class ModelUpdates {
  static final String SIGNED_AT_PREFIX = "signed-at:";

  private final ModelGate gate;

  ModelUpdates(ModelGate gate) {
    this.gate = gate;
  }

  /**
   * @param clearKillBreaker clears the kill-rate breakers, for an accepted breaker-clear record
   * @param audit receives the audit record of the change
   * @param deadLetters receives the dead letter of a refused record
   */
  void apply(
      ModelUpdate update,
      BroadcastState<String, byte[]> models,
      ThrowingRunnable clearKillBreaker,
      Consumer<RiskDecision> audit,
      Consumer<DeadLetter> deadLetters)
      throws Exception {
    // By slot, not by the key's spelling: an old record keyed 'ACTIVE' is as stale as one 'active'.
    String signedAtKey =
        SIGNED_AT_PREFIX + (update.slot != null ? update.slot.key() : update.rawKey);
    byte[] lastSignedAt = models.get(signedAtKey);
    ModelVerdict verdict =
        update.configured
            ? new ModelVerdict(ModelVerdict.Result.CONFIGURED, null, null, "the job's own model")
            : gate.check(
                update.rawKey,
                update.json,
                update.signature,
                update.keyId,
                update.signedAt,
                lastSignedAt == null ? null : ByteBuffer.wrap(lastSignedAt).getLong());
    if (!verdict.accepted()) {
      DeadLetterReason reason = ModelChangeRecords.deadLetterReason(verdict.result());
      deadLetters.accept(ModelChangeRecords.deadLetter(update, reason, verdict.message()));
      audit.accept(ModelChangeRecords.refused(update, verdict, reason, verdict.message()));
      return;
    }
    String problem;
    String version = null;
    if (SessionRiskFunction.CLEAR_KILL_BREAKER_KEY.equals(update.rawKey)) {
      clearKillBreaker.run();
      problem = null;
    } else if (update.slot == null) {
      problem = "model record key '" + update.rawKey + "' names no slot; use 'active' or 'shadow'";
    } else if (update.json == null) {
      if (update.slot == ModelSlot.SHADOW) {
        models.remove(ModelSlot.SHADOW.key());
        problem = null;
      } else {
        problem = "the active model cannot be deleted; publish a replacement instead";
      }
    } else {
      try {
        RiskModel parsed = RiskModelLoader.parse(update.json);
        models.put(update.slot.key(), update.json.clone());
        version = parsed.modelVersion;
        problem = null;
      } catch (ModelValidationException e) {
        problem = e.getMessage();
      } catch (RuntimeException e) {
        problem = "the model could not be read: " + e.getMessage();
      }
    }
    if (problem != null) {
      deadLetters.accept(
          ModelChangeRecords.deadLetter(update, DeadLetterReason.INVALID_MODEL, problem));
      audit.accept(
          ModelChangeRecords.refused(update, verdict, DeadLetterReason.INVALID_MODEL, problem));
      return;
    }
    if (verdict.signedAtMillis() != null) {
      models.put(
          signedAtKey, ByteBuffer.allocate(Long.BYTES).putLong(verdict.signedAtMillis()).array());
    }
    if (!update.configured) {
      // The job's own starting model is no change: every decision names its version anyway.
      audit.accept(ModelChangeRecords.accepted(update, verdict, version, what(update)));
    }
  }

  private static String what(ModelUpdate u) {
    if (SessionRiskFunction.CLEAR_KILL_BREAKER_KEY.equals(u.rawKey)) {
      return "kill-rate breaker cleared";
    }
    return u.json == null
        ? "shadow model cleared"
        : "model applied to the " + u.slot.key() + " slot";
  }

  /** A clean-up step that may throw, as Flink's state calls do. */
  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
