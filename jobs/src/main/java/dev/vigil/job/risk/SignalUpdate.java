package dev.vigil.job.risk;

/**
 * One {@code vigil.signals} record as the session risk operator applies it: the table keys of its
 * subject ({@code dev.vigil.core.exchange.SignalSubjects}, one or two) and what the evidence reads.
 * Only signals that are evidence, and flood sources (keys of their own, {@code accounts} holding
 * the source's requests in the minute), get here ({@link SignalUpdateDeserializer}). A Flink POJO,
 * carried on the model broadcast in {@link ModelUpdate#signal}.
 */
public final class SignalUpdate {
  /** The subject's table keys. */
  public long[] keys;

  /** {@code SignalKind} ordinal. */
  public int kind;

  /** {@code SignalSubject} ordinal. */
  public int subjectType;

  public float score;
  public int accounts;
  public long windowEnd;
  public long expiresAt;

  public SignalUpdate() {}
}
