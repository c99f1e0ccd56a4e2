package dev.vigil.audit;

import dev.vigil.schema.AuditChainLink;
import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The hash chain of the audit trail: canonical form 1 of a {@link RiskDecision} and its SHA-256
 * link to the previous decision of the same Kafka partition (format in schemas/README.md, "Audit
 * chain").
 *
 * <p>The form is length-prefixed (every string and array carries its length), so two different
 * records never give the same bytes, whatever their text holds; map entries are sorted by key, so a
 * record read back from JSON hashes as the one written. SHA-256 is FIPS 180-4; a chain of hashes
 * over a log is the construction of Haber and Stornetta, "How to time-stamp a digital document" (J.
 * Cryptology 3, 1991) and Schneier and Kelsey, "Secure audit logs to support computer forensics"
 * (ACM TISSEC 2, 1999). The chain is keyless: it shows that a record was altered, removed or
 * reordered relative to a head kept elsewhere, not who wrote it.
 *
 * <p>One instance per thread (it reuses its digest and buffers): hashing a record allocates only
 * the result's hex string, and costs about one SHA-256 pass over the record's form (a few hundred
 * bytes to 2 KiB for a decision with its evidence).
 */
public final class AuditChain {
  /** The canonical form this class computes; stored in each link's {@code form}. */
  public static final int FORM = 1;

  /** The previous hash of a partition's first record (sequence 0): 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private static final byte[] TAG =
      "vigil-audit-chain-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final MessageDigest sha256;
  private final byte[] number = new byte[8];
  private final byte[] previous = new byte[32];
  private final char[] hex = new char[64];
  private byte[] text = new byte[256];

  public AuditChain() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * Links {@code decision} to the chain of {@code partition}: sets its {@code chain} field and
   * returns the new head hash.
   *
   * @param sequence 0 for the partition's first record, then the previous sequence + 1
   * @param previousHash the previous record's hash, or {@link #GENESIS} for sequence 0
   */
  public String link(RiskDecision decision, int partition, long sequence, String previousHash) {
    String hash = hash(decision, partition, sequence, previousHash);
    decision.setChain(new AuditChainLink(FORM, partition, sequence, previousHash, hash));
    return hash;
  }

  /**
   * The hash of {@code decision} at this place in the chain (its own {@code chain} field is not
   * part of the form).
   *
   * @throws IllegalArgumentException when {@code previousHash} is not 64 hex digits
   */
  public String hash(RiskDecision d, int partition, long sequence, String previousHash) {
    parseHex(previousHash, previous);
    sha256.reset();
    sha256.update(TAG);
    putInt(partition);
    putLong(sequence);
    sha256.update(previous);
    putString(d.getDecisionId());
    putString(d.getSessionId());
    putString(d.getAccountId());
    putString(d.getEventId());
    putLong(d.getEventTime());
    putLong(d.getDecidedAt());
    putDouble(d.getPreviousProbability());
    putDouble(d.getProbability());
    putReasons(d.getEvidence());
    List<String> commands = d.getCommandIds();
    putInt(commands.size());
    for (int i = 0; i < commands.size(); i++) {
      putString(commands.get(i));
    }
    putString(d.getModelVersion());
    sha256.update(d.getShadow() ? (byte) 1 : (byte) 0);
    sha256.update(d.getLate() ? (byte) 1 : (byte) 0);
    putReasons(d.getPolicyNotes());
    byte[] digest = sha256.digest();
    for (int i = 0; i < digest.length; i++) {
      hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
      hex[2 * i + 1] = HEX[digest[i] & 0xF];
    }
    return new String(hex);
  }

  /** True when {@code s} is 64 lower-case hex digits, the form of every hash in the chain. */
  public static boolean isHash(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private void putReasons(List<Reason> reasons) {
    putInt(reasons.size());
    for (int i = 0; i < reasons.size(); i++) {
      Reason r = reasons.get(i);
      putString(r.getCode());
      putDouble(r.getLogLikelihoodRatio());
      putString(r.getText());
      Map<String, String> values = r.getValues();
      putInt(values.size());
      if (values.isEmpty()) {
        continue;
      }
      // Sorted by key: a map read back from JSON or Avro may iterate in another order. (This
      // allocates; evidence values are a handful per term.)
      Object[] keys = values.keySet().toArray();
      Arrays.sort(keys);
      for (Object k : keys) {
        putString((String) k);
        putString(values.get(k));
      }
    }
  }

  private void putInt(int v) {
    number[0] = (byte) (v >>> 24);
    number[1] = (byte) (v >>> 16);
    number[2] = (byte) (v >>> 8);
    number[3] = (byte) v;
    sha256.update(number, 0, 4);
  }

  private void putLong(long v) {
    for (int i = 7; i >= 0; i--) {
      number[i] = (byte) v;
      v >>>= 8;
    }
    sha256.update(number, 0, 8);
  }

  private void putDouble(double d) {
    putLong(Double.doubleToLongBits(d)); // one bit pattern for every NaN
  }

  /**
   * A string as its UTF-8 length (4 bytes) and bytes, encoded into a reused buffer; an unpaired
   * surrogate becomes '?', as {@link String#getBytes} does.
   */
  private void putString(String s) {
    int n = s.length();
    if (text.length < 4 * n) {
      text = new byte[Math.max(4 * n, 2 * text.length)];
    }
    int len = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        text[len++] = (byte) c;
      } else if (c < 0x800) {
        text[len++] = (byte) (0xC0 | (c >> 6));
        text[len++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        text[len++] = (byte) (0xF0 | (cp >> 18));
        text[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        text[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        text[len++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        text[len++] = (byte) '?';
      } else {
        text[len++] = (byte) (0xE0 | (c >> 12));
        text[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        text[len++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    putInt(len);
    sha256.update(text, 0, len);
  }

  private static void parseHex(String s, byte[] out) {
    if (!isHash(s)) {
      throw new IllegalArgumentException("a chain hash is 64 lower-case hex digits, not: " + s);
    }
    for (int i = 0; i < 32; i++) {
      out[i] =
          (byte)
              ((Character.digit(s.charAt(2 * i), 16) << 4)
                  | Character.digit(s.charAt(2 * i + 1), 16));
    }
  }
}
