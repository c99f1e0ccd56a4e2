package dev.vigil.evaluation;

import dev.vigil.schema.RiskDecision;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the reliability table of {@link Calibration}. */
final class CalibrationTable {
  static final int BINS = 10;

  private CalibrationTable() {}

  static Calibration of(Collection<SessionLabel> labels, List<RiskDecision> decisions) {
    Map<String, Double> max = new HashMap<>();
    for (RiskDecision d : decisions) {
      if (!d.getShadow() && Double.isFinite(d.getProbability())) {
        max.merge(d.getSessionId(), d.getProbability(), Math::max);
      }
    }
    int[] count = new int[BINS];
    double[] sumP = new double[BINS];
    int[] positives = new int[BINS];
    int n = 0;
    int without = 0;
    for (SessionLabel l : labels) {
      if (l.attempt()) {
        continue;
      }
      Double p = max.get(l.sessionId());
      if (p == null) {
        without++;
        continue;
      }
      double q = Math.min(1, Math.max(0, p));
      int b = Math.min(BINS - 1, (int) (q * BINS));
      count[b]++;
      sumP[b] += q;
      positives[b] += l.compromised() ? 1 : 0;
      n++;
    }
    List<ReliabilityBin> bins = new ArrayList<>();
    double ece = 0;
    for (int b = 0; b < BINS; b++) {
      Double mean = count[b] == 0 ? null : sumP[b] / count[b];
      Double observed = count[b] == 0 ? null : (double) positives[b] / count[b];
      bins.add(
          new ReliabilityBin((double) b / BINS, (double) (b + 1) / BINS, count[b], mean, observed));
      if (count[b] > 0) {
        ece += (double) count[b] / n * Math.abs(observed - mean);
      }
    }
    return new Calibration(n, without, bins, ece);
  }
}
