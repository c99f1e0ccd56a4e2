package dev.vigil.ingest;

import dev.vigil.schema.CommandKeyRing;
import dev.vigil.schema.DeadLetterReason;
import dev.vigil.schema.EnforcementOutcome;
import dev.vigil.schema.OutcomeSignatures;
import java.io.EOFException;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads the gateways' {@link EnforcementOutcome}s in Avro single-object encoding (the framing of
 * {@link AvroAccessEventDecoder}: {@code C3 01}, the writer schema's CRC-64-AVRO fingerprint, the
 * body, read by {@link BoundedBinaryDecoder} so that no length prefix allocates more than the
 * record holds), checks their fields and, unless verification is off, their signature ({@link
 * OutcomeSignatures#verify}) against the gateways' key ring. Never throws on input: every record is
 * an outcome or a rejection with the {@link DeadLetterReason} of the ingest contract, the field at
 * fault and a message. Not thread-safe: one per parallel instance.
 *
 * <p>Bounds: the record at most {@code limits.maxRecordBytes()} (64 KiB by default); ids, session,
 * account and gateway at most {@value #MAX_ID_CHARS} characters (the ingest limit of a session id),
 * the factor at most {@value #MAX_FACTOR_CHARS}, the detail at most {@value #MAX_DETAIL_CHARS}; the
 * outcome's time within the ingest bounds around the Kafka record's time ({@link
 * IngestLimits#timeProblem}), so a gateway's broken clock cannot end sessions early.
 */
public final class AvroOutcomeDecoder {
  static final int MAX_ID_CHARS = 256;
  static final int MAX_FACTOR_CHARS = 64;
  static final int MAX_DETAIL_CHARS = 1024;
  private static final int HEADER_BYTES = 10;
  private static final long FINGERPRINT =
      SchemaNormalization.parsingFingerprint64(EnforcementOutcome.getClassSchema());

  /** One decoded record: the outcome, or why it was refused. */
  public record Decoded(
      EnforcementOutcome outcome, DeadLetterReason reason, String field, String message) {
    static Decoded refused(DeadLetterReason reason, String field, String message) {
      return new Decoded(null, reason, field, message);
    }

    public boolean accepted() {
      return outcome != null;
    }
  }

  private final IngestLimits limits;
  private final CommandKeyRing gatewayKeys;
  private final SpecificDatumReader<EnforcementOutcome> reader =
      new SpecificDatumReader<>(EnforcementOutcome.class);
  private final BoundedBinaryDecoder body = new BoundedBinaryDecoder();

  /**
   * @param gatewayKeys the gateways' key ring; null turns signature verification off (unsafe:
   *     anyone who can write to the topic can then lower any session's probability)
   */
  public AvroOutcomeDecoder(IngestLimits limits, CommandKeyRing gatewayKeys) {
    this.limits = limits;
    this.gatewayKeys = gatewayKeys;
  }

  /** Decodes, checks and verifies one record value; {@code ingestedAtMillis} is its Kafka time. */
  public Decoded decode(byte[] value, long ingestedAtMillis) {
    IngestResult size = limits.sizeProblem(value);
    if (size != null) {
      return Decoded.refused(size.reason(), size.field(), size.message());
    }
    if (value.length < HEADER_BYTES || (value[0] & 0xFF) != 0xC3 || value[1] != 0x01) {
      return Decoded.refused(
          DeadLetterReason.NOT_SINGLE_OBJECT_AVRO,
          null,
          "record does not start with the Avro single-object header C3 01 and a fingerprint");
    }
    long fingerprint = 0;
    for (int i = 0; i < 8; i++) {
      fingerprint |= (value[2 + i] & 0xFFL) << (8 * i);
    }
    if (fingerprint != FINGERPRINT) {
      return Decoded.refused(
          DeadLetterReason.UNKNOWN_FINGERPRINT,
          null,
          "writer schema fingerprint "
              + Long.toHexString(fingerprint)
              + " is not the EnforcementOutcome schema's");
    }
    EnforcementOutcome o;
    try {
      body.reset(value, HEADER_BYTES, value.length - HEADER_BYTES);
      o = reader.read(null, body);
    } catch (EOFException e) {
      return Decoded.refused(
          DeadLetterReason.TRUNCATED_AVRO, null, "record ends before the EnforcementOutcome does");
    } catch (Exception e) {
      return Decoded.refused(
          DeadLetterReason.CORRUPT_AVRO,
          null,
          "record body is not a valid EnforcementOutcome encoding");
    }
    if (body.remaining() != 0) {
      return Decoded.refused(
          DeadLetterReason.CORRUPT_AVRO,
          null,
          body.remaining() + " bytes follow the encoded EnforcementOutcome");
    }
    Decoded problem = fieldProblem(o, ingestedAtMillis);
    if (problem != null) {
      return problem;
    }
    if (gatewayKeys != null) {
      if (o.getSignature() == null) {
        return Decoded.refused(
            DeadLetterReason.MISSING_FIELD,
            "signature",
            "outcome is unsigned; gateways sign outcomes with a key of the job's outcomes.keys"
                + " ring (OutcomeSignatures)");
      }
      if (!OutcomeSignatures.verify(o, gatewayKeys)) {
        return Decoded.refused(
            DeadLetterReason.BAD_VALUE,
            "signature",
            "outcome signature does not verify with the gateway key ring (unknown key id, altered"
                + " or forged outcome)");
      }
    }
    return new Decoded(o, null, null, null);
  }

  private Decoded fieldProblem(EnforcementOutcome o, long ingestedAtMillis) {
    Decoded p = text("outcomeId", o.getOutcomeId(), MAX_ID_CHARS, true);
    p = p != null ? p : text("sessionId", o.getSessionId(), MAX_ID_CHARS, true);
    p = p != null ? p : text("accountId", o.getAccountId(), MAX_ID_CHARS, true);
    p = p != null ? p : text("gatewayId", o.getGatewayId(), MAX_ID_CHARS, true);
    p = p != null ? p : text("commandId", o.getCommandId(), MAX_ID_CHARS, false);
    p = p != null ? p : text("factor", o.getFactor(), MAX_FACTOR_CHARS, false);
    p = p != null ? p : text("detail", o.getDetail(), MAX_DETAIL_CHARS, false);
    if (p != null) {
      return p;
    }
    IngestResult time = limits.timeProblem(o.getTime(), ingestedAtMillis);
    return time == null ? null : Decoded.refused(time.reason(), "time", time.message());
  }

  private static Decoded text(String field, CharSequence value, int max, boolean required) {
    if (value == null || value.length() == 0) {
      return required
          ? Decoded.refused(DeadLetterReason.MISSING_FIELD, field, field + " is empty")
          : null;
    }
    if (value.length() > max) {
      return Decoded.refused(
          DeadLetterReason.FIELD_TOO_LONG,
          field,
          field + " has " + value.length() + " characters, more than " + max);
    }
    return null;
  }
}
