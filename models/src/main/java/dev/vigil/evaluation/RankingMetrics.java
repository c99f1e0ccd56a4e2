package dev.vigil.evaluation;

import java.util.Arrays;
import java.util.Comparator;

/**
 * How well a score ranks positives above negatives, independent of any threshold.
 *
 * <p>ROC AUC is the Mann-Whitney U / (n1 n0), ties counted half: the chance that a random positive
 * scores above a random negative; 0.5 is chance, and it does not depend on the base rate. PR AUC is
 * the average precision: sum over the distinct scores, highest first, of (recall gained at that
 * score) x (precision at that score), tied scores taken together; chance is the positive share, so
 * read it against {@code positives / (positives + negatives)}. Both are NaN when either class is
 * empty.
 */
public record RankingMetrics(int positives, int negatives, double rocAuc, double prAuc) {

  public static RankingMetrics of(double[] score, boolean[] positive) {
    int n = score.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
    int pos = 0;
    for (boolean y : positive) {
      pos += y ? 1 : 0;
    }
    int neg = n - pos;
    if (pos == 0 || neg == 0) {
      return new RankingMetrics(pos, neg, Double.NaN, Double.NaN);
    }
    double rankSumPos = 0;
    for (int i = 0; i < n; ) {
      int j = tieEnd(order, score, i);
      double midRank = (i + 1 + j) / 2.0;
      for (int k = i; k < j; k++) {
        rankSumPos += positive[order[k]] ? midRank : 0;
      }
      i = j;
    }
    double roc = (rankSumPos - pos * (pos + 1.0) / 2.0) / ((double) pos * neg);

    double ap = 0;
    int tp = 0;
    int taken = 0;
    for (int j = n; j > 0; ) {
      int i = tieStart(order, score, j);
      int gained = 0;
      for (int k = i; k < j; k++) {
        gained += positive[order[k]] ? 1 : 0;
      }
      tp += gained;
      taken += j - i;
      ap += gained * ((double) tp / taken);
      j = i;
    }
    return new RankingMetrics(pos, neg, Math.min(1, roc), Math.min(1, ap / pos));
  }

  /** The end (exclusive) of the run of equal scores starting at ascending position {@code i}. */
  private static int tieEnd(Integer[] order, double[] score, int i) {
    int j = i;
    while (j < order.length && score[order[j]] == score[order[i]]) {
      j++;
    }
    return j;
  }

  /** The start of the run of equal scores ending (exclusive) at ascending position {@code j}. */
  private static int tieStart(Integer[] order, double[] score, int j) {
    int i = j - 1;
    while (i > 0 && score[order[i - 1]] == score[order[j - 1]]) {
      i--;
    }
    return i;
  }
}
