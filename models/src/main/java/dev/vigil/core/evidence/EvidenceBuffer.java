package dev.vigil.core.evidence;

/**
 * Reusable, allocation-free buffer of the evidence terms of one event: parallel primitive arrays of
 * code ordinal, log-likelihood ratio (nats, compromised vs owner, already weighted) and three
 * values. Capacity is one slot per {@link EvidenceCode}, since each code fires at most once per
 * event; {@link #add} ignores terms beyond capacity rather than allocate.
 */
public final class EvidenceBuffer {
  public static final int CAPACITY = EvidenceCode.values().length;
  public static final int VALUES = 3;

  private final byte[] codes = new byte[CAPACITY];
  private final double[] llr = new double[CAPACITY];
  private final double[] values = new double[CAPACITY * VALUES];
  private final double[] basis = new double[CAPACITY];
  private int size;
  private int notFinite;

  public void clear() {
    size = 0;
    notFinite = 0;
  }

  /**
   * Counts a term whose log-likelihood ratio was NaN (a broken estimate, e.g. a population
   * statistic poisoned by a hostile value): it cannot be weighed, so it is left out of the sum, but
   * never silently: the job counts these in a metric to alert on.
   */
  public void countNotFinite() {
    notFinite++;
  }

  /** Terms of this event left out because their log-likelihood ratio was NaN. */
  public int notFinite() {
    return notFinite;
  }

  public int size() {
    return size;
  }

  public void add(EvidenceCode code, double logLikelihoodRatio, double v0, double v1, double v2) {
    add(code, logLikelihoodRatio, v0, v1, v2, Double.NaN);
  }

  /**
   * @param basisCount the count behind the term's estimate ({@link EvidenceCode#basisName()}), e.g.
   *     the account's recent sessions a network share is taken of; NaN when none
   */
  public void add(
      EvidenceCode code,
      double logLikelihoodRatio,
      double v0,
      double v1,
      double v2,
      double basisCount) {
    if (size == CAPACITY) {
      return;
    }
    codes[size] = (byte) code.ordinal();
    llr[size] = logLikelihoodRatio;
    values[size * VALUES] = v0;
    values[size * VALUES + 1] = v1;
    values[size * VALUES + 2] = v2;
    basis[size] = basisCount;
    size++;
  }

  /** The count behind term {@code i}'s estimate, or NaN. */
  public double basis(int i) {
    return basis[i];
  }

  public EvidenceCode code(int i) {
    return EvidenceCode.byOrdinal(codes[i]);
  }

  public double llr(int i) {
    return llr[i];
  }

  public double value(int i, int v) {
    return values[i * VALUES + v];
  }

  /** Sum of the terms: the event's total log-likelihood ratio. */
  public double total() {
    double t = 0;
    for (int i = 0; i < size; i++) {
      t += llr[i];
    }
    return t;
  }

  /** Index of the term with code {@code c}, or -1. */
  public int indexOf(EvidenceCode c) {
    for (int i = 0; i < size; i++) {
      if (codes[i] == c.ordinal()) {
        return i;
      }
    }
    return -1;
  }
}
