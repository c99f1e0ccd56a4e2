package dev.vigil.train;

import dev.vigil.core.evidence.EvidenceBuffer;
import java.util.Arrays;

/**
 * One session's evidence as the filter saw it, compact enough to re-run the filter with other code
 * weights without the engine ({@link DecisionSearch}): the requests that carried a term or could be
 * held, each with the number of plain requests before it (which only move the filter by its hazard
 * and recovery, in closed form), its flags and its clamped terms. Memory: 13 bytes a recorded
 * request and 5 a term; plain requests cost nothing.
 */
final class SessionTrace {
  /** The request was a withdrawal to an address this session whitelisted (a hold could apply). */
  static final byte HOLDABLE = 1;

  /** The attacker held the session at this request (an action here counts as in time). */
  static final byte ATTACKER = 2;

  int size;
  int[] gaps = new int[8];
  byte[] flags = new byte[8];
  int[] termEnd = new int[8];
  int terms;
  byte[] codes = new byte[16];
  float[] values = new float[16];
  private int pendingGap;

  /**
   * Records one request: its terms (as weighted by the replayed model, i.e. weights 1) and flags.
   */
  void add(EvidenceBuffer ev, byte flag) {
    if (ev.size() == 0 && flag == 0) {
      pendingGap++;
      return;
    }
    if (size == gaps.length) {
      gaps = Arrays.copyOf(gaps, size * 2);
      flags = Arrays.copyOf(flags, size * 2);
      termEnd = Arrays.copyOf(termEnd, size * 2);
    }
    if (terms + ev.size() > codes.length) {
      int n = Math.max(codes.length * 2, terms + ev.size());
      codes = Arrays.copyOf(codes, n);
      values = Arrays.copyOf(values, n);
    }
    for (int k = 0; k < ev.size(); k++) {
      codes[terms] = (byte) ev.code(k).ordinal();
      values[terms] = (float) ev.llr(k);
      terms++;
    }
    gaps[size] = pendingGap;
    flags[size] = flag;
    termEnd[size] = terms;
    size++;
    pendingGap = 0;
  }
}
