package dev.vigil.signing;

import dev.vigil.signing.ModelVerdict.Result;
import java.security.PublicKey;
import java.util.Base64;

/**
 * Decides whether a record on the model topic may be applied: only with a valid Ed25519 signature
 * (RFC 8032) by a trusted publisher key, over the record's slot, signing time and bytes (see {@link
 * ModelSignature}), unless unsigned models are allowed explicitly. A record that carries a
 * signature is always verified, even when unsigned ones are allowed: a bad signature is never let
 * through. Pure: no Kafka, no Flink; the job hands it the record's key, value and header texts.
 */
public final class ModelGate {
  private final TrustedKeys trusted;
  private final boolean allowUnsigned;

  public ModelGate(TrustedKeys trusted, boolean allowUnsigned) {
    this.trusted = trusted;
    this.allowUnsigned = allowUnsigned;
  }

  /**
   * @param slot the record key the signature covers (the slot name, or the breaker-clear key)
   * @param value the record value (null for a tombstone: signed as empty bytes)
   * @param signature the {@value ModelSignature#SIGNATURE_HEADER} header's text, or null
   * @param keyId the {@value ModelSignature#KEY_ID_HEADER} header's text, or null
   * @param signedAt the {@value ModelSignature#SIGNED_AT_HEADER} header's text, or null
   */
  public ModelVerdict check(
      String slot, byte[] value, String signature, String keyId, String signedAt) {
    return check(slot, value, signature, keyId, signedAt, null);
  }

  /**
   * As {@link #check(String, byte[], String, String, String)}, and refuses a validly signed record
   * not signed after the one last applied under the same key ({@link ModelVerdict.Result#STALE}):
   * the signing time is covered by the signature, so an old record published again (a rollback, or
   * the same breaker clear over and over) cannot pass for a new one. A job that starts without
   * state has no last time and applies the compacted topic's latest records; one restored from a
   * checkpoint resumes after the records its state already holds.
   *
   * @param lastAppliedMillis the signing time of the record last applied under this key, or null
   */
  public ModelVerdict check(
      String slot,
      byte[] value,
      String signature,
      String keyId,
      String signedAt,
      Long lastAppliedMillis) {
    String signedSlot = slot == null ? "" : slot;
    Long at = parseTime(signedAt);
    String id = keyId == null ? null : printable(keyId);
    if (signature == null && keyId == null && signedAt == null) {
      return allowUnsigned
          ? new ModelVerdict(
              Result.UNSIGNED_ALLOWED, null, null, "unsigned, allowed by models.allow-unsigned")
          : new ModelVerdict(
              Result.UNSIGNED,
              null,
              null,
              "the model record is unsigned; sign it with 'vigil publish-model --signing-key FILE'"
                  + " (or set models.allow-unsigned=true for tests)");
    }
    if (signature == null || keyId == null || signedAt == null) {
      return new ModelVerdict(
          Result.BAD_SIGNATURE,
          id,
          at,
          "incomplete signature headers: "
              + ModelSignature.SIGNATURE_HEADER
              + ", "
              + ModelSignature.KEY_ID_HEADER
              + " and "
              + ModelSignature.SIGNED_AT_HEADER
              + " must all be present");
    }
    PublicKey key = trusted.get(keyId);
    if (key == null) {
      return new ModelVerdict(
          Result.UNTRUSTED_KEY,
          id,
          at,
          "signed by key '" + id + "', which is not in models.trusted-keys");
    }
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(signature.strip());
    } catch (IllegalArgumentException e) {
      sig = null;
    }
    if (at == null) {
      return new ModelVerdict(
          Result.BAD_SIGNATURE, keyId, null, "the signed-at header is not epoch milliseconds");
    }
    if (!ModelSignature.verify(key, sig, signedSlot, at, value)) {
      return new ModelVerdict(
          Result.BAD_SIGNATURE,
          keyId,
          at,
          "the signature by key "
              + keyId
              + " does not match the record's slot, signing time and bytes");
    }
    if (lastAppliedMillis != null && at <= lastAppliedMillis) {
      return new ModelVerdict(
          Result.STALE,
          keyId,
          at,
          "signed at "
              + at
              + ", not after the record in force (signed at "
              + lastAppliedMillis
              + "): an old record published again; sign it anew to roll back on purpose");
    }
    return new ModelVerdict(Result.SIGNED, keyId, at, "signed by trusted key " + keyId);
  }

  private static Long parseTime(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A header's text fit for a message and the audit trail: short, printable ASCII. */
  private static String printable(String s) {
    String cut = s.length() > 32 ? s.substring(0, 32) + "..." : s;
    return cut.replaceAll("[^\\x21-\\x7e]", "?");
  }
}
