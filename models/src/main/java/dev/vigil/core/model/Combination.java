package dev.vigil.core.model;

import dev.vigil.core.evidence.EvidenceCode;
import java.util.Arrays;
import java.util.Iterator;

/**
 * How the evidence terms combine into the probability: the optional {@code combination} section of
 * the model file, written by {@code vigil train} (see {@code models/README.md}, "Training a
 * model").
 *
 * <p>Two parts, both optional: {@code codeWeights}, a multiplier in [0, 2] per evidence code
 * applied to each (already clamped) term, so a term never flips sign and a weight of 0 disables it;
 * and {@code calibration}, a Platt map (Platt 1999, "Probabilistic outputs for support vector
 * machines") p = sigmoid(a * logOdds + b) from the filter's log-odds to the probability the
 * policies see. The filter keeps its state in uncalibrated log-odds, so the map is applied to the
 * output only and never compounds from event to event. Absent section, absent code, absent
 * calibration: weight 1 and the identity map (a = 1, b = 0), under which every term and every
 * probability is bit for bit what it was before this section existed (1.0 * x == x and 1.0 * x +
 * 0.0 == x in IEEE 754 for every finite x but -0.0, whose sigmoid is the same).
 */
public final class Combination {
  /** Largest code weight: a trained term may at most double. */
  public static final double MAX_WEIGHT = 2.0;

  /** The identity: every weight 1, a = 1, b = 0. */
  public static final Combination IDENTITY = new Combination();

  /** Weight per {@link EvidenceCode#ordinal()}. */
  final double[] codeWeights;

  /** Slope of the calibration map, > 0 so that it keeps the order of the log-odds. */
  public final double calibrationA;

  /** Intercept of the calibration map, in nats. */
  public final double calibrationB;

  private Combination() {
    codeWeights = new double[EvidenceCode.values().length];
    Arrays.fill(codeWeights, 1.0);
    calibrationA = 1.0;
    calibrationB = 0.0;
  }

  Combination(StrictNode n) {
    codeWeights = new double[EvidenceCode.values().length];
    Arrays.fill(codeWeights, 1.0);
    if (n.has("codeWeights")) {
      StrictNode w = n.object("codeWeights");
      for (Iterator<String> it = w.keys(); it.hasNext(); ) {
        String key = it.next();
        EvidenceCode code = byWireCode(key);
        if (code == null) {
          // Read nothing: finish() below names the key as unknown.
          continue;
        }
        codeWeights[code.ordinal()] = w.number(key, 0.0, MAX_WEIGHT);
      }
      w.finish();
    }
    if (n.has("calibration")) {
      StrictNode c = n.object("calibration");
      calibrationA = c.number("a", 0.01, 100);
      calibrationB = c.number("b", -50, 50);
      c.finish();
    } else {
      calibrationA = 1.0;
      calibrationB = 0.0;
    }
    n.finish();
  }

  /** The weight of {@code code}'s terms (1 unless the model file says otherwise). */
  public double weight(EvidenceCode code) {
    return codeWeights[code.ordinal()];
  }

  /** The probability the policies see for the filter's {@code logOdds}. */
  public double probability(double logOdds) {
    return 1.0 / (1.0 + Math.exp(-(calibrationA * logOdds + calibrationB)));
  }

  /** Whether this is the identity (all weights 1, a = 1, b = 0). */
  public boolean isIdentity() {
    for (double w : codeWeights) {
      if (w != 1.0) {
        return false;
      }
    }
    return calibrationA == 1.0 && calibrationB == 0.0;
  }

  private static EvidenceCode byWireCode(String wire) {
    for (EvidenceCode c : EvidenceCode.values()) {
      if (c.code().equals(wire)) {
        return c;
      }
    }
    return null;
  }
}
