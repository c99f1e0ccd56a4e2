package dev.vigil.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Calibration of the probability in its own meaning: after each event, P(this session is now
 * controlled by someone other than its owner). The unit is one event of an evaluated session; its
 * outcome is 1 when the session is labelled compromise and the event is at or after the takeover
 * (the attacker's first request; from then on the session is in the attacker's hands, whoever sends
 * the next request), else 0. Abuse is the owner's own doing: 0. Warm-up sessions and failed
 * credential attempts (kind attempt: the login was refused, so no one controls a session) are left
 * out.
 *
 * <p>Each session weighs 1 in total, spread evenly over its events, so that a market maker's 100
 * requests per second do not drown a person's 30 clicks: the error is that of a session picked at
 * random, observed at a random moment. Ten equal-width bins; expected calibration error (Naeini,
 * Cooper and Hauskrecht 2015) = sum_b W_b / W * |observed_b - mean_b|. {@code eventWeightedError}
 * is the same with every event weighing 1. Sampling noise: the weighted error is biased upwards by
 * about sqrt(B / n_eff) times the bins' spread, n_eff being of the order of the number of sessions,
 * so read it with the bin weights.
 *
 * @param bins weights are in sessions (sum of event weights); {@code sessions} of a bin is its
 *     rounded weight
 */
public record EventCalibration(
    long events,
    int sessions,
    List<ReliabilityBin> bins,
    double expectedCalibrationError,
    double eventWeightedError) {

  static final int BINS = 10;

  /**
   * @param map from the filter's raw log-odds to a probability; null to use the probability the
   *     engine reported
   */
  static EventCalibration of(
      Backtest backtest, List<SessionLabel> labels, DoubleUnaryOperator map) {
    return of(backtest.trace(labels), map);
  }

  static EventCalibration of(Backtest.EventTrace t, DoubleUnaryOperator map) {
    double[] w = new double[BINS];
    double[] wp = new double[BINS];
    double[] wy = new double[BINS];
    long[] n = new long[BINS];
    double[] np = new double[BINS];
    long[] ny = new long[BINS];
    long events = 0;
    boolean[] seen = new boolean[t.evaluated().length];
    int sessions = 0;
    for (int i = 0; i < t.events(); i++) {
      int s = t.session()[i];
      if (!t.evaluated()[s]) {
        continue;
      }
      if (!seen[s]) {
        seen[s] = true;
        sessions++;
      }
      double p = map == null ? t.probability()[i] : map.applyAsDouble(t.logOdds()[i]);
      int b = Math.min(BINS - 1, (int) (Math.max(0, Math.min(1, p)) * BINS));
      boolean y = t.attacked(i);
      double wi = t.weight(i);
      w[b] += wi;
      wp[b] += wi * p;
      wy[b] += y ? wi : 0;
      n[b]++;
      np[b] += p;
      ny[b] += y ? 1 : 0;
      events++;
    }
    double total = 0;
    for (double x : w) {
      total += x;
    }
    List<ReliabilityBin> bins = new ArrayList<>();
    double ece = 0;
    double eventEce = 0;
    for (int b = 0; b < BINS; b++) {
      Double mean = w[b] == 0 ? null : wp[b] / w[b];
      Double observed = w[b] == 0 ? null : wy[b] / w[b];
      bins.add(
          new ReliabilityBin(
              (double) b / BINS, (double) (b + 1) / BINS, (int) Math.round(w[b]), mean, observed));
      if (w[b] > 0) {
        ece += w[b] / total * Math.abs(observed - mean);
        eventEce += (double) n[b] / events * Math.abs((double) ny[b] / n[b] - np[b] / n[b]);
      }
    }
    return new EventCalibration(events, sessions, bins, ece, eventEce);
  }

  /** A reliability table in the style of {@code vigil evaluate}. */
  public String render() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "Calibration per event (%d events of %d sessions, each session weighing 1): ECE %.4f"
                + " (every event weighing 1: %.4f)%n",
            events,
            sessions,
            expectedCalibrationError,
            eventWeightedError));
    b.append(
        String.format(
            Locale.ROOT, "%-11s %8s %10s %10s%n", "bin", "sessions", "mean p", "observed"));
    for (ReliabilityBin bin : bins) {
      b.append(
          String.format(
              Locale.ROOT,
              "[%.1f, %.1f%c %8d %10s %10s%n",
              bin.lower(),
              bin.upper(),
              bin.upper() >= 1 ? ']' : ')',
              bin.sessions(),
              bin.meanProbability() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.3f", bin.meanProbability()),
              bin.observedRate() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.3f", bin.observedRate())));
    }
    return b.toString();
  }
}
