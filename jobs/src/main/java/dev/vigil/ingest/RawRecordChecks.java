package dev.vigil.ingest;

import dev.vigil.schema.DeadLetterReason;

/**
 * The byte-level checks {@link AccessLogParser} runs before any JSON is read, cheapest first, the
 * first failure winning: size ({@link IngestLimits#sizeProblem}), whitespace only, strict UTF-8,
 * and a NUL byte in the first four bytes (Jackson would take that for UTF-16 or UTF-32). Each is
 * one pass over the bytes at most.
 */
final class RawRecordChecks {

  private RawRecordChecks() {}

  /** The first byte-level problem of {@code value}, or null when JSON parsing may start. */
  static IngestResult problem(IngestLimits limits, byte[] value) {
    IngestResult sizeProblem = limits.sizeProblem(value);
    if (sizeProblem != null) {
      return sizeProblem;
    }
    if (isBlank(value)) {
      return IngestResult.rejected(
          DeadLetterReason.EMPTY_RECORD, null, "record holds only whitespace");
    }
    if (!Utf8.isValid(value, 0, value.length)) {
      return IngestResult.rejected(
          DeadLetterReason.INVALID_UTF8, null, "record is not well-formed UTF-8");
    }
    if (hasNulInFirstFourBytes(value)) {
      // Jackson would take this for UTF-16 or UTF-32; no UTF-8 JSON object starts like this.
      return IngestResult.rejected(
          DeadLetterReason.MALFORMED_JSON, null, "record is not JSON: NUL byte at its start");
    }
    return null;
  }

  private static boolean isBlank(byte[] value) {
    for (byte b : value) {
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private static boolean hasNulInFirstFourBytes(byte[] value) {
    for (int i = 0; i < Math.min(4, value.length); i++) {
      if (value[i] == 0) {
        return true;
      }
    }
    return false;
  }
}
