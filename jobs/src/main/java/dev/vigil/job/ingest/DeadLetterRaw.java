package dev.vigil.job.ingest;

import dev.vigil.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * What a dead letter keeps of the record it refuses: the first {@link #MAX_RAW_BYTES} bytes, the
 * whole record's length and its SHA-256 (FIPS 180-4). A dead letter is therefore at most about 64
 * KiB whatever arrived, so it fits the dead-letter topic (producer {@code max.request.size} 8 MiB)
 * and the collect sink of {@code vigil score} (Flink's {@code collect-sink.batch-size.max}, 2 MiB
 * by default: a 2 MiB line used to fail the whole backtest), while the hash still ties a cut record
 * to its source.
 *
 * <p>Only refused records pay for the hash; accepted events never come here.
 */
public final class DeadLetterRaw {
  /**
   * 64 KiB: the ingest record cap ({@code IngestLimits.defaults().maxRecordBytes()}), so every
   * record small enough to be accepted is kept whole and can be fixed and replayed; only oversized
   * ones are cut.
   */
  public static final int MAX_RAW_BYTES = 64 * 1024;

  private DeadLetterRaw() {}

  /** Sets raw, rawLength and rawSha256 from a record held whole in memory (null is empty). */
  public static DeadLetter.Builder whole(DeadLetter.Builder letter, byte[] value) {
    byte[] v = value == null ? new byte[0] : value;
    return cut(letter, v, v.length, v.length, sha256(v, v.length));
  }

  /**
   * Sets raw from the first bytes of a record read as a stream, with the whole record's length and
   * hash.
   *
   * @param prefix holds at least the first {@code min(length, MAX_RAW_BYTES)} bytes in {@code [0,
   *     kept)}
   * @param sha256 the hash of all {@code length} bytes
   */
  public static DeadLetter.Builder cut(
      DeadLetter.Builder letter, byte[] prefix, int kept, long length, byte[] sha256) {
    int n = (int) Math.min(Math.min(kept, length), MAX_RAW_BYTES);
    byte[] raw = n == prefix.length ? prefix : Arrays.copyOf(prefix, n);
    return letter
        .setRaw(ByteBuffer.wrap(raw))
        .setRawLength(length)
        .setRawSha256(ByteBuffer.wrap(sha256));
  }

  /**
   * {@code letter} without the record's bytes ({@code raw} empty), its length and SHA-256 kept: the
   * dead letter still says what was refused and why, and matches its source record while the input
   * topic keeps it, but holds none of the personal data the record carried (README, "Personal
   * data"). Records from writers before schema version 4, which have no hash, get it computed from
   * raw first.
   */
  public static DeadLetter withoutRaw(DeadLetter letter) {
    ByteBuffer raw = letter.getRaw();
    if (raw != null && raw.remaining() > 0) {
      if (letter.getRawSha256() == null) {
        byte[] whole = new byte[raw.remaining()];
        raw.duplicate().get(whole);
        letter.setRawLength((long) whole.length);
        letter.setRawSha256(ByteBuffer.wrap(sha256(whole, whole.length)));
      }
      letter.setRaw(ByteBuffer.allocate(0));
    }
    return letter;
  }

  /** SHA-256 of {@code value[0, n)}. */
  public static byte[] sha256(byte[] value, int n) {
    MessageDigest digest = newSha256();
    digest.update(value, 0, n);
    return digest.digest();
  }

  /** A SHA-256 digest; every Java platform has one (Java SE's MessageDigest requirements). */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java has no SHA-256", e);
    }
  }
}
