package dev.vigil.job.risk;

import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.DeadLetterReason;
import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import dev.vigil.signing.ModelVerdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit record and the dead letter of one record on the model topic. Every model change,
 * applied or refused, is audited on {@code vigil.risk-decisions} (schemas/README.md, "Model
 * records"): the session id is {@code model:<key>} and one policy note says what happened and why.
 */
final class ModelChangeRecords {
  static final String ACCEPTED = "model_accepted";
  static final String REFUSED = "model_refused";

  /** The result value of a record that was signed correctly but is not a valid model. */
  static final String INVALID_MODEL = "INVALID_MODEL";

  private ModelChangeRecords() {}

  /** The audit record of an applied model change. */
  static RiskDecision accepted(ModelUpdate u, ModelVerdict verdict, String version, String what) {
    return audit(
        u,
        true,
        verdict.result().name(),
        verdict.keyId(),
        verdict.signedAtMillis(),
        version,
        what + " (" + verdict.message() + ")");
  }

  /** The audit record of a refused one: by the gate, or (reason INVALID_MODEL) by validation. */
  static RiskDecision refused(
      ModelUpdate u, ModelVerdict verdict, DeadLetterReason reason, String problem) {
    return audit(
        u,
        false,
        reason == DeadLetterReason.INVALID_MODEL ? INVALID_MODEL : verdict.result().name(),
        verdict.keyId(),
        verdict.signedAtMillis(),
        claimedVersion(u.json),
        "model record refused, the running model stays: " + problem);
  }

  /** The dead-letter reason of a refusal by the gate. */
  static DeadLetterReason deadLetterReason(ModelVerdict.Result result) {
    return switch (result) {
      case UNSIGNED -> DeadLetterReason.MODEL_UNSIGNED;
      case UNTRUSTED_KEY -> DeadLetterReason.MODEL_UNTRUSTED_KEY;
      case BAD_SIGNATURE -> DeadLetterReason.MODEL_BAD_SIGNATURE;
      case STALE -> DeadLetterReason.MODEL_STALE;
      case SIGNED, UNSIGNED_ALLOWED, CONFIGURED ->
          throw new IllegalArgumentException(result + " is no refusal");
    };
  }

  /**
   * @param result the gate's result, or {@link #INVALID_MODEL}
   * @param modelVersion the model's version, or null when there is no readable model
   */
  private static RiskDecision audit(
      ModelUpdate u,
      boolean accepted,
      String result,
      String keyId,
      Long signedAt,
      String modelVersion,
      String message) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("result", result);
    if (keyId != null) {
      values.put("keyId", keyId);
    }
    if (signedAt != null) {
      values.put("signedAt", Long.toString(signedAt));
    }
    String key = u.rawKey == null ? "" : u.rawKey;
    String source = source(u);
    return RiskDecision.newBuilder()
        .setDecisionId("model:" + source)
        .setSessionId("model:" + key)
        .setAccountId("")
        .setEventId(source)
        .setEventTime(signedAt == null ? 0 : signedAt)
        .setDecidedAt(System.currentTimeMillis())
        .setPreviousProbability(0)
        .setProbability(0)
        .setEvidence(List.of())
        .setCommandIds(List.of())
        .setModelVersion(modelVersion == null ? "" : modelVersion)
        .setShadow(u.slot == ModelSlot.SHADOW)
        .setLate(false)
        .setPolicyNotes(
            List.of(
                Reason.newBuilder()
                    .setCode(accepted ? ACCEPTED : REFUSED)
                    .setLogLikelihoodRatio(0)
                    .setText(truncate(message))
                    .setValues(values)
                    .build()))
        .build();
  }

  static DeadLetter deadLetter(ModelUpdate u, DeadLetterReason reason, String message) {
    return dev.vigil.job.ingest.DeadLetterRaw.whole(DeadLetter.newBuilder(), u.json)
        .setSourceTopic(u.sourceTopic)
        .setSourcePartition(u.sourceTopic == null ? null : u.sourcePartition)
        .setSourceOffset(u.sourceTopic == null ? null : u.sourceOffset)
        .setReason(reason)
        .setField(null)
        .setMessage(truncate(message))
        .setTime(System.currentTimeMillis())
        .build();
  }

  /**
   * The version a refused record claims, for the audit trail only; null when it is not a readable
   * model. The record is parsed, never applied.
   */
  static String claimedVersion(byte[] json) {
    if (json == null) {
      return null;
    }
    try {
      return RiskModelLoader.parse(json).modelVersion;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Where the record came from: {@code topic@partition:offset}, unique per record. */
  private static String source(ModelUpdate u) {
    return u.sourceTopic == null
        ? "local@" + (u.rawKey == null ? "" : u.rawKey)
        : u.sourceTopic + "@" + u.sourcePartition + ":" + u.sourceOffset;
  }

  static String truncate(String s) {
    return s.length() <= 500 ? s : s.substring(0, 500) + "...";
  }
}
